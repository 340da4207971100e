import { describe, expect, it } from "vitest";

import type { Fixture } from "../../bindings/Fixture";
import {
  describeFixturePath,
  draftFromFixture,
  fixtureFromDraft,
  newFixtureDraft,
  readShare,
  withResponse,
  withResponseAdded,
  withResponseRemoved,
} from "./fixtureDraft";

let n = 0;
const key = () => `k${++n}`;

// As Rust sends it (examples/cart_abandonment.parcours.json).
const saved: Fixture = {
  target: { kind: "action", name: "send_reminder" },
  responses: [
    { when: 'request.body.to.endsWith("@bounce.example")', status: 503, body: { error: "mailbox unavailable" }, latencyMs: 900 },
    { status: 202, body: { messageId: "m-981", queued: true } },
  ],
  latencyMs: 120,
  errorRate: 0.05,
  timeoutRate: 0,
};

describe("fixture form ↔ Fixture", () => {
  it("round-trips a saved fixture to the same JSON (so it opens unchanged)", () => {
    const built = fixtureFromDraft(draftFromFixture(saved, key));
    expect(built.ok).toBe(true);
    if (built.ok) expect(JSON.stringify(built.value)).toBe(JSON.stringify(saved));
  });

  it("starts a new fixture with one response answering the configured example", () => {
    const target = { kind: "dataSource", source: "orders", group: "byCart" } as const;
    const built = fixtureFromDraft(newFixtureDraft(target, { paid: false }, key));
    expect(built).toEqual({
      ok: true,
      value: { target, responses: [{ status: 200, body: { paid: false } }], latencyMs: 0, errorRate: 0, timeoutRate: 0 },
    });
  });

  it("sends what was edited: condition, status, body, latency", () => {
    let d = newFixtureDraft({ kind: "action", name: "send_sms" }, undefined, key);
    d = withResponse(d, 0, { when: 'request.body.cartId == "c-1"', status: "404", bodyText: '{"error": "gone"}', latencyText: "250" });
    d = withResponseAdded(d, key());
    d = { ...d, latencyText: "40", errorRateText: "0.1", timeoutRateText: ".02" };
    const built = fixtureFromDraft(d);
    expect(built).toEqual({
      ok: true,
      value: {
        target: { kind: "action", name: "send_sms" },
        responses: [
          { when: 'request.body.cartId == "c-1"', status: 404, body: { error: "gone" }, latencyMs: 250 },
          { status: 200, body: null },
        ],
        latencyMs: 40,
        errorRate: 0.1,
        timeoutRate: 0.02,
      },
    });
  });

  it("leaves a blank condition and latency out, and reads an empty body as null", () => {
    let d = draftFromFixture(saved, key);
    d = withResponse(d, 0, { when: "   ", latencyText: "", bodyText: "" });
    const built = fixtureFromDraft(d);
    expect(built.ok && built.value.responses[0]).toEqual({ status: 503, body: null });
  });

  it("removes a response by its place", () => {
    const d = withResponseRemoved(draftFromFixture(saved, key), 0);
    const built = fixtureFromDraft(d);
    expect(built.ok && built.value.responses).toEqual([saved.responses[1]]);
  });

  it("reports unreadable inputs by the paths Rust uses, and leaves ranges to Rust", () => {
    let d = draftFromFixture(saved, key);
    d = withResponse(d, 1, { status: "OK", bodyText: "{oops", latencyText: "-1" });
    d = { ...d, errorRateText: "5%", timeoutRateText: "2", latencyText: "1.5" };
    const built = fixtureFromDraft(d);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(Object.keys(built.problems).sort()).toEqual([
        "errorRate",
        "latencyMs",
        "responses[1].body",
        "responses[1].latencyMs",
        "responses[1].status",
      ]);
      expect(built.problems["responses[1].body"]).toMatch(/^Line 1, column 2: /);
    }
    // 42 and a rate of 2 are numbers: whether they are allowed is Rust's call.
    const ranges = fixtureFromDraft(withResponse(draftFromFixture(saved, key), 0, { status: "42" }));
    expect(ranges.ok && ranges.value.responses[0].status).toBe(42);
  });

  it("refuses a status that does not fit Rust's u16", () => {
    const built = fixtureFromDraft(withResponse(draftFromFixture(saved, key), 0, { status: "70000" }));
    expect(built.ok).toBe(false);
  });
});

describe("readShare", () => {
  it("reads decimals, and empty as none", () => {
    expect(readShare("0.25")).toEqual({ ok: true, value: 0.25 });
    expect(readShare(" 1 ")).toEqual({ ok: true, value: 1 });
    expect(readShare("")).toEqual({ ok: true, value: 0 });
    expect(readShare("-0.5")).toEqual({ ok: true, value: -0.5 });
  });

  it("refuses what is not a number", () => {
    for (const text of ["abc", "5%", "0,5", "1..2", "Infinity"]) expect(readShare(text).ok, text).toBe(false);
  });
});

describe("describeFixturePath", () => {
  it("names each place in words", () => {
    const target = saved.target;
    expect(describeFixturePath("responses.1.status", target)).toBe("Response 2, status");
    expect(describeFixturePath("responses.0.when", target)).toBe("Response 1, condition");
    expect(describeFixturePath("errorRate", target)).toBe("Error rate");
    expect(describeFixturePath("target.name", target)).toBe("Action send_reminder");
  });
});
