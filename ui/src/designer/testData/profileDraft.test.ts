import { describe, expect, it } from "vitest";

import type { TestProfile } from "../../bindings/TestProfile";
import { fromDiagnostics } from "../../config/diagnostics";
import { draftFromProfile, newProfileDraft, parseValues, placeProfileMessages, profileFromDraft } from "./profileDraft";

describe("parseValues", () => {
  it("reads a JSON object of dotted paths", () => {
    expect(parseValues('{"customer.tier": "gold", "cart.total": 120}')).toEqual({
      ok: true,
      value: { "customer.tier": "gold", "cart.total": 120 },
    });
  });

  it("reads empty text as no values", () => {
    expect(parseValues("  \n")).toEqual({ ok: true, value: {} });
  });

  it("says where JSON is broken", () => {
    const r = parseValues('{"customer.tier": }');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^Line 1, column 19: expected a value/);
  });

  it("refuses JSON that is not an object", () => {
    for (const text of ["[1]", '"gold"', "null", "3"]) {
      const r = parseValues(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/JSON object/);
    }
  });
});

describe("profile form ↔ TestProfile", () => {
  const saved: TestProfile = {
    name: "Gold in Lyon",
    profileId: "ada@example.com",
    description: "A loyal customer",
    values: { "cart.total": 250, "customer.city": "Lyon" },
  };

  it("round-trips a saved profile to the same JSON (so it opens unchanged)", () => {
    const built = profileFromDraft(draftFromProfile(saved));
    expect(built.ok).toBe(true);
    if (built.ok) expect(JSON.stringify(built.value)).toBe(JSON.stringify(saved));
  });

  it("leaves an empty description out, as Rust does", () => {
    const noDescription: TestProfile = { name: "p", profileId: "x", values: {} };
    const draft = draftFromProfile(noDescription);
    expect(draft.description).toBe("");
    const built = profileFromDraft(draft);
    expect(built.ok && JSON.stringify(built.value)).toBe(JSON.stringify(noDescription));
  });

  it("builds a new profile from what was typed, without judging it", () => {
    const built = profileFromDraft({ ...newProfileDraft(), profileId: "  " });
    expect(built).toEqual({ ok: true, value: { name: "", profileId: "  ", values: {} } });
  });

  it("reports unreadable values by the path Rust uses", () => {
    const built = profileFromDraft({ ...newProfileDraft(), valuesText: "[]" });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(Object.keys(built.problems)).toEqual(["values"]);
  });
});

describe("placeProfileMessages", () => {
  it("puts a value's diagnostic beside the values box and leaves the others", () => {
    const messages = fromDiagnostics([
      {
        object: "testProfile:p",
        path: "values.customer.tier",
        code: "W_PROFILE_FIELD_UNKNOWN",
        severity: "warning",
        message: "no event has a field `customer.tier`: the value is never used",
      },
      { object: "testProfile:p", path: "profileId", code: "E_PROFILE_ID_MISSING", severity: "error", message: "needs an id" },
    ]);
    expect(placeProfileMessages(messages).map((m) => [m.path, m.code])).toEqual([
      ["values", "W_PROFILE_FIELD_UNKNOWN"],
      ["profileId", "E_PROFILE_ID_MISSING"],
    ]);
  });
});
