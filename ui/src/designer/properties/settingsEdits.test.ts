import { describe, expect, it } from "vitest";

import type { Diagnostic } from "../../bindings/Diagnostic";
import {
  addTag,
  jsonTextOf,
  newLookup,
  readJsonText,
  reentranceOf,
  removeTag,
  settingsDiagnostics,
  timeZoneOf,
  withDefault,
  withParameter,
} from "./settingsEdits";

describe("tags", () => {
  it("are trimmed, never blank, never twice", () => {
    expect(addTag(["retention"], "  black-friday ")).toEqual(["retention", "black-friday"]);
    expect(addTag(["retention"], "   ")).toEqual(["retention"]);
    expect(addTag(["retention"], "retention")).toEqual(["retention"]);
    expect(removeTag(["a", "b"], "a")).toEqual(["b"]);
  });
});

describe("re-entrance", () => {
  it("starts a wait at Rust's 5 minutes and keeps a wait already set", () => {
    expect(reentranceOf("afterWait", { mode: "never" })).toEqual({ mode: "afterWait", seconds: 300 });
    expect(reentranceOf("afterWait", { mode: "afterWait", seconds: 60 })).toEqual({ mode: "afterWait", seconds: 60 });
    expect(reentranceOf("always", { mode: "afterWait", seconds: 60 })).toEqual({ mode: "always" });
  });
});

describe("time zone", () => {
  it("turns the fixed zone into the fallback, and back", () => {
    const fromField = timeZoneOf("fromField", { kind: "fixed", zone: "Europe/Paris" });
    expect(fromField).toEqual({ kind: "fromField", path: "", fallback: "Europe/Paris" });
    expect(timeZoneOf("fixed", fromField)).toEqual({ kind: "fixed", zone: "Europe/Paris" });
  });
});

describe("data lookups", () => {
  it("map parameters, an empty expression meaning unmapped", () => {
    const lookup = withParameter(newLookup("orders", "byCart"), "cartId", "event.cartId");
    expect(lookup).toEqual({ source: "orders", group: "byCart", parameters: { cartId: "event.cartId" } });
    expect(withParameter(lookup, "cartId", "").parameters).toEqual({});
  });

  it("keep a default only when one is given", () => {
    const lookup = withDefault(newLookup("orders", "byCart"), { paid: false });
    expect(lookup.default).toEqual({ paid: false });
    expect("default" in withDefault(lookup, undefined)).toBe(false);
  });
});

describe("JSON text", () => {
  it("is empty, valid or invalid with the parser's message", () => {
    expect(readJsonText("  ")).toEqual({ kind: "empty" });
    expect(readJsonText('{"paid": false}')).toEqual({ kind: "valid", value: { paid: false } });
    expect(readJsonText('{"paid": ').kind).toBe("invalid");
    expect(jsonTextOf(undefined)).toBe("");
    expect(readJsonText(jsonTextOf({ a: [1] }))).toEqual({ kind: "valid", value: { a: [1] } });
  });
});

describe("settingsDiagnostics", () => {
  it("keeps the journey's property and lookup diagnostics, not the activities'", () => {
    const d = (path: string, node?: string): Diagnostic => ({
      object: "journey:j",
      path,
      node,
      code: "E_GLOBAL_TIMEOUT_RANGE",
      severity: "error",
      message: "m",
    });
    const list = [d("properties.globalTimeoutSeconds"), d("data[0].parameters.cartId"), d("activity.journey", "jump_1"), d("versions")];
    expect(settingsDiagnostics(list).map((x) => x.path)).toEqual(["properties.globalTimeoutSeconds", "data[0].parameters.cartId"]);
  });
});
