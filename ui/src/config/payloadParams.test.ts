import { describe, expect, it } from "vitest";

import {
  applyChoices,
  choicesOf,
  deriveRows,
  fromParamValue,
  inferKind,
  rowsFromPayload,
  toParamValue,
  toPayload,
  valueAt,
  type ParamChoice,
} from "./payloadParams";

const example = { to: { phone: "+33600000000" }, text: "hi", tags: ["a"], meta: {}, count: 2, ratio: 0.5, none: null };

describe("deriveRows", () => {
  it("gives one constant row per leaf, in the example's order, like payload_from_example", () => {
    const rows = deriveRows(example);
    expect(rows.map((r) => r.path)).toEqual(["to.phone", "text", "tags", "meta", "count", "ratio", "none"]);
    expect(rows.every((r) => r.mode === "constant")).toBe(true);
    expect(rows.map((r) => r.constant)).toEqual(["+33600000000", "hi", ["a"], {}, 2, 0.5, null]);
    expect(rows.map((r) => r.variable.type)).toEqual(["string", "string", "array", "object", "integer", "number", "string"]);
  });

  it("has no rows for a root that is not an object", () => {
    expect(deriveRows([1, 2])).toEqual([]);
    expect(deriveRows("x")).toEqual([]);
    expect(deriveRows({})).toEqual([]);
  });
});

describe("inferKind", () => {
  it("reads dates and date-times from strings", () => {
    expect(inferKind("2026-01-05T09:00:00Z")).toBe("datetime");
    expect(inferKind("2026-01-05T09:00:00.5+02:00")).toBe("datetime");
    expect(inferKind("2026-01-05")).toBe("date");
    expect(inferKind("2026-01-05 tomorrow")).toBe("string");
    expect(inferKind(true)).toBe("boolean");
  });
});

describe("choices survive a new example", () => {
  const phoneVariable: ParamChoice = {
    mode: "variable",
    variable: { label: "Phone", type: "string", optional: true, nullable: true },
  };

  it("keeps a variable row variable and takes constants from the new example", () => {
    const choices = new Map([["to.phone", phoneVariable]]);
    const rows = applyChoices(deriveRows({ to: { phone: "+1", name: "Ann" }, text: "bye" }), choices);
    expect(toPayload(rows)).toEqual([
      { path: "to.phone", value: { kind: "variable", label: "Phone", type: "string", optional: true, nullable: true } },
      { path: "to.name", value: { kind: "constant", value: "Ann" } },
      { path: "text", value: { kind: "constant", value: "bye" } },
    ]);
  });

  it("drops rows whose path left the example, and brings their choice back when it returns", () => {
    const choices = new Map([["to.phone", phoneVariable]]);
    expect(applyChoices(deriveRows({ text: "x" }), choices).map((r) => r.path)).toEqual(["text"]);
    expect(applyChoices(deriveRows({ to: { phone: "+2" } }), choices)[0].mode).toBe("variable");
  });

  it("a row switched back to constant keeps its variable settings for later", () => {
    const choices = new Map<string, ParamChoice>([["text", { ...phoneVariable, mode: "constant" }]]);
    const [row] = applyChoices(deriveRows({ text: "x" }), choices);
    expect(toParamValue(row)).toEqual({ kind: "constant", value: "x" });
    expect(row.variable.label).toBe("Phone");
  });
});

describe("saved actions", () => {
  it("reads saved rows, taking a variable's constant side from the example", () => {
    const rows = rowsFromPayload(
      [
        { path: "to.phone", value: { kind: "variable", label: "", type: "string", optional: false, nullable: false } },
        { path: "text", value: { kind: "constant", value: "custom" } },
      ],
      example,
    );
    expect(rows[0]).toMatchObject({ mode: "variable", constant: "+33600000000" });
    expect(rows[1]).toMatchObject({ mode: "constant", constant: "custom", variable: { type: "string" } });
    expect([...choicesOf(rows).keys()]).toEqual(["to.phone"]);
  });

  it("round-trips a variable", () => {
    const value = { kind: "variable", label: "L", type: "integer", optional: true, nullable: false } as const;
    expect(toParamValue(fromParamValue(value, 3))).toEqual(value);
  });

  it("finds values by dotted path, own keys only", () => {
    expect(valueAt(example, "to.phone")).toBe("+33600000000");
    expect(valueAt(example, "to.missing")).toBeUndefined();
    expect(valueAt(example, "text.length")).toBeUndefined();
    expect(valueAt({}, "constructor")).toBeUndefined();
  });
});
