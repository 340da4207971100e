import { describe, expect, it } from "vitest";

import { newActionDraft, newParam, withPayloadChoice, withPayloadText } from "./actionDraft";
import { newGroup, newGroupParam } from "./dataSourceDraft";
import {
  actionTestSlots,
  DYNAMIC_PATH_KEY,
  DYNAMIC_PATH_SLOT,
  describeStatus,
  formatBody,
  groupTestSlots,
  prefillText,
  readTestValue,
  readTestValues,
  type TestSlot,
} from "./testRequest";

const variable = { label: "", type: "string" as const, optional: false, nullable: false };

describe("test slots of an action", () => {
  it("are its variable parameters keyed like the journey mapping, in Rust's order", () => {
    let d = withPayloadText(newActionDraft(), '{"to": {"phone": "+33600000000"}, "count": 2, "text": "hi"}');
    d = withPayloadChoice(d, 0, { mode: "variable", variable: { ...variable, label: "Phone" } });
    d = withPayloadChoice(d, 1, { mode: "variable", variable: { ...variable, type: "integer", optional: true } });
    d = {
      ...d,
      query: [{ ...newParam("q1"), name: "lang", mode: "variable" }, { ...newParam("q2"), name: "fixed" }],
      headers: [
        { ...newParam("h1"), name: "X-Trace", mode: "variable" },
        { ...newParam("h2"), name: "", mode: "variable" },
        { ...newParam("h3"), name: "X-Trace", mode: "variable", variable: { ...variable, type: "integer" } },
      ],
    };
    expect(actionTestSlots(d)).toEqual([
      { key: "header.X-Trace", ...variable, label: "X-Trace", example: undefined },
      { key: "query.lang", ...variable, label: "lang", example: undefined },
      { key: "payload.to.phone", ...variable, label: "Phone", example: "+33600000000" },
      { key: "payload.count", ...variable, type: "integer", optional: true, label: "count", example: 2 },
    ]);
  });

  it("start with the dynamic path, keyed `path` as Rust reads it, when the action has one", () => {
    let d = { ...newActionDraft(), query: [{ ...newParam("q1"), name: "lang", mode: "variable" as const }] };
    expect(actionTestSlots(d).map((s) => s.key)).toEqual(["query.lang"]);
    d = { ...d, dynamicPath: true };
    const slots = actionTestSlots(d);
    expect(slots.map((s) => s.key)).toEqual(["path", "query.lang"]);
    expect(DYNAMIC_PATH_KEY).toBe("path");
    expect(slots[0]).toEqual(DYNAMIC_PATH_SLOT);
    expect(slots[0]).toMatchObject({ type: "string", optional: true, nullable: false, label: "Dynamic path" });
    expect(slots[0].hint).toMatch(/Appended to the URL/);
  });

  it("send the dynamic path under `path`, and leave it out when empty", () => {
    const slots = actionTestSlots({ ...newActionDraft(), dynamicPath: true });
    expect(readTestValues(slots, new Map([["path", "/customers/42"]]))).toEqual({ ok: true, values: { path: "/customers/42" } });
    expect(readTestValues(slots, new Map())).toEqual({ ok: true, values: {} });
    expect(readTestValues(slots, new Map([["path", ""]]))).toEqual({ ok: true, values: {} });
  });

  it("are none for an action with constants only", () => {
    expect(actionTestSlots(withPayloadText(newActionDraft(), '{"a": 1}'))).toEqual([]);
  });
});

describe("test slots of a field group", () => {
  it("are its named parameters, each optional", () => {
    const g = {
      ...newGroup("g"),
      parameters: [newGroupParam("a", "customerId", "path"), newGroupParam("b", ""), { ...newGroupParam("c", "limit"), type: "integer" as const }],
    };
    expect(groupTestSlots(g)).toEqual([
      { key: "customerId", type: "string", optional: true, nullable: false, label: "customerId", example: undefined },
      { key: "limit", type: "integer", optional: true, nullable: false, label: "limit", example: undefined },
    ]);
  });
});

describe("reading test values", () => {
  const slot = (type: TestSlot["type"], more: Partial<TestSlot> = {}): TestSlot => ({
    key: "k",
    type,
    optional: false,
    nullable: false,
    label: "k",
    example: undefined,
    ...more,
  });

  it("takes texts as they are and reads the other types as JSON of their type", () => {
    expect(readTestValue(slot("string"), "")).toEqual({ kind: "value", value: "" });
    expect(readTestValue(slot("string"), " 42 ")).toEqual({ kind: "value", value: " 42 " });
    expect(readTestValue(slot("datetime"), "2026-01-15T09:30:00Z")).toEqual({ kind: "value", value: "2026-01-15T09:30:00Z" });
    expect(readTestValue(slot("integer"), "-12")).toEqual({ kind: "value", value: -12 });
    expect(readTestValue(slot("number"), "9.99")).toEqual({ kind: "value", value: 9.99 });
    expect(readTestValue(slot("boolean"), "false")).toEqual({ kind: "value", value: false });
    expect(readTestValue(slot("object"), '{"a": [1]}')).toEqual({ kind: "value", value: { a: [1] } });
    expect(readTestValue(slot("array"), "[1, 2]")).toEqual({ kind: "value", value: [1, 2] });
  });

  it("refuses what does not fit the type", () => {
    expect(readTestValue(slot("integer"), "1.5")).toEqual({ kind: "error", message: "Enter a whole number" });
    expect(readTestValue(slot("number"), "abc")).toEqual({ kind: "error", message: "Enter a number" });
    expect(readTestValue(slot("boolean"), "yes")).toEqual({ kind: "error", message: "Enter true or false" });
    expect(readTestValue(slot("object"), "[1]")).toEqual({ kind: "error", message: "Enter a JSON object" });
    expect(readTestValue(slot("array"), '{"a": 1}')).toEqual({ kind: "error", message: "Enter a JSON array" });
    expect(readTestValue(slot("object"), "{")).toMatchObject({ kind: "error", message: expect.stringMatching(/^Line 1, column 2/) });
    expect(readTestValue(slot("integer"), "")).toEqual({ kind: "error", message: "Enter a value (integer)" });
  });

  it("leaves an empty optional value out and takes null only where allowed", () => {
    expect(readTestValue(slot("string", { optional: true }), "")).toEqual({ kind: "omit" });
    expect(readTestValue(slot("integer", { optional: true }), "")).toEqual({ kind: "omit" });
    expect(readTestValue(slot("integer", { nullable: true }), "null")).toEqual({ kind: "value", value: null });
    expect(readTestValue(slot("integer"), "null")).toEqual({ kind: "error", message: "null is not allowed here" });
    expect(readTestValue(slot("string", { nullable: true }), "null")).toEqual({ kind: "value", value: "null" });
  });

  it("collects the values by key, prefilled from the examples, or every problem", () => {
    const slots: TestSlot[] = [
      slot("string", { key: "payload.to", example: "+33" }),
      slot("integer", { key: "payload.count", example: 2 }),
      slot("string", { key: "query.lang", optional: true }),
      slot("string", { key: "__proto__" }),
    ];
    const good = readTestValues(slots, new Map([["__proto__", "x"]]));
    expect(good.ok && JSON.stringify(good.values)).toBe('{"payload.to":"+33","payload.count":2,"__proto__":"x"}');
    expect(good.ok && Object.getPrototypeOf(good.values)).toBe(Object.prototype);
    const bad = readTestValues(slots, new Map([["payload.count", "two"]]));
    expect(bad).toEqual({ ok: false, problems: new Map([["payload.count", "Enter a whole number"]]) });
  });

  it("prefills strings as they are and other values as JSON", () => {
    expect(prefillText("hi")).toBe("hi");
    expect(prefillText(2)).toBe("2");
    expect(prefillText({ a: 1 })).toBe('{"a":1}');
    expect(prefillText(undefined)).toBe("");
  });
});

describe("test responses", () => {
  it("describe statuses", () => {
    expect(describeStatus("http_200")).toBe("HTTP 200");
    expect(describeStatus("http_401")).toBe("HTTP 401");
    expect(describeStatus("timedout")).toBe("Timed out");
    expect(describeStatus("capped")).toMatch(/cap/);
    expect(describeStatus("secret `crm_key` is not set")).toBe("secret `crm_key` is not set");
  });

  it("pretty-print JSON bodies and show text bodies as they are", () => {
    expect(formatBody({ id: 1 })).toBe('{\n  "id": 1\n}');
    expect(formatBody("<html>oops</html>")).toBe("<html>oops</html>");
    expect(formatBody(null)).toBe("");
    expect(formatBody(0)).toBe("0");
  });
});
