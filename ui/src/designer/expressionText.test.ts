import { describe, expect, it } from "vitest";

import type { FunctionHelp } from "../bindings/FunctionHelp";
import { callAt, completions, insertCall, replaceRange, suggestionsFor, tokenAt, type TypedPath } from "./expressionText";

describe("tokenAt", () => {
  it("finds the dotted identifier ending at the cursor", () => {
    expect(tokenAt("size(event.ca", 13)).toEqual({ token: "event.ca", start: 5 });
    expect(tokenAt("a && event.cart.total > 1", 21)).toEqual({ token: "event.cart.total", start: 5 });
    expect(tokenAt("x > ", 4)).toEqual({ token: "", start: 4 });
    expect(tokenAt("", 0)).toEqual({ token: "", start: 0 });
  });
});

describe("completions", () => {
  const paths = ["event.cart", "event.cart.total", "event.email", "actions.send.ok"];
  it("suggests paths continuing the token, not the token itself", () => {
    expect(completions("event.ca", paths)).toEqual(["event.cart", "event.cart.total"]);
    expect(completions("event.cart", paths)).toEqual(["event.cart.total"]);
    expect(completions("", paths)).toEqual([]);
    expect(completions("e", paths, 1)).toEqual(["event.cart"]);
  });
});

describe("replaceRange", () => {
  it("inserts at the cursor or over the selection", () => {
    expect(replaceRange("a >  ", 4, 4, "event.x")).toEqual({ text: "a > event.x ", cursor: 11 });
    expect(replaceRange("size(ev)", 5, 7, "event.cart.items")).toEqual({ text: "size(event.cart.items)", cursor: 21 });
  });
});

const fn = (name: string, params: string[], signature: string): FunctionHelp => ({
  name,
  family: "dates",
  signature,
  params,
  doc: `${name}'s doc`,
  example: `${name}()`,
});

describe("suggestionsFor", () => {
  const fields: TypedPath[] = [
    { path: "data.orders.byCart", ty: "object" },
    { path: "data.orders.byCart.paid", ty: "bool" },
    { path: "event.cart.total", ty: "double" },
    { path: "addedBy" },
  ];
  const functions = [
    fn("addDays", ["t", "n", "zone"], "addDays(t: timestamp, n: int, zone: zone) → timestamp"),
    fn("addHours", ["t", "n"], "addHours(t: timestamp, n: int) → timestamp"),
    fn("lower", ["s"], "lower(s: string) → string"),
  ];

  it("completes a path with its type", () => {
    expect(suggestionsFor("data.or", fields, functions)).toEqual([
      { kind: "field", label: "data.orders.byCart", ty: "object" },
      { kind: "field", label: "data.orders.byCart.paid", ty: "bool" },
    ]);
  });

  it("offers functions for a bare name, after the fields, never after a dot", () => {
    expect(suggestionsFor("addD", fields, functions).map((s) => s.label)).toEqual(["addDays"]);
    expect(suggestionsFor("add", fields, functions).map((s) => `${s.kind}:${s.label}`)).toEqual([
      "field:addedBy",
      "function:addDays",
      "function:addHours",
    ]);
    expect(suggestionsFor("event.lo", fields, functions)).toEqual([]);
    expect(suggestionsFor("", fields, functions)).toEqual([]);
  });

  it("keeps the functions when many fields match", () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ path: `addr${i}` }));
    const labels = suggestionsFor("add", many, functions, 6).map((s) => s.label);
    expect(labels).toHaveLength(6);
    expect(labels.slice(-2)).toEqual(["addDays", "addHours"]);
  });
});

describe("insertCall", () => {
  it("inserts the call with the caret between its parentheses", () => {
    expect(insertCall("addD > now", 0, 4, "addDays")).toEqual({ text: "addDays() > now", cursor: 8 });
  });
  it("reuses a parenthesis already typed", () => {
    expect(insertCall("addD(now, 1, tz)", 0, 4, "addDays")).toEqual({ text: "addDays(now, 1, tz)", cursor: 8 });
  });
});

describe("callAt", () => {
  it("names the call the cursor is in and which argument", () => {
    expect(callAt("addDays(", 8)).toEqual({ name: "addDays", arg: 0 });
    expect(callAt("addDays(now, 1, ", 16)).toEqual({ name: "addDays", arg: 2 });
    expect(callAt("lower(addDays(now, 1, tz))", 14)).toEqual({ name: "addDays", arg: 0 });
    expect(callAt("lower(addDays(now, 1, tz)", 25)).toEqual({ name: "lower", arg: 0 });
  });
  it("skips string literals and brackets, and is null outside any call", () => {
    expect(callAt('f("a, (b", x', 12)).toEqual({ name: "f", arg: 1 });
    expect(callAt("f([1, 2], ", 10)).toEqual({ name: "f", arg: 1 });
    expect(callAt("(a + b", 6)).toBeNull();
    expect(callAt("f(x) + ", 7)).toBeNull();
  });
});
