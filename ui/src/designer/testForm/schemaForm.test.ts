import { describe, expect, it } from "vitest";

import type { Field } from "../../bindings/Field";
import { inputText, inputValue, newRow, payloadText, readPayloadText, toPointer, valueAt, withValue } from "./schemaForm";
import { errorsByPointer, payloadErrors } from "./payloadErrors";

const items: Field = {
  name: "items",
  type: "array",
  items: "object",
  fields: [
    { name: "sku", type: "string" },
    { name: "quantity", type: "integer" },
  ],
};

describe("form ↔ JSON", () => {
  const payload = { email: "ada@example.com", cart: { total: 84.5, items: [{ sku: "A", quantity: 1 }] } };

  it("reads a value at a JSON path", () => {
    expect(valueAt(payload, ["cart", "items", 0, "sku"])).toBe("A");
    expect(valueAt(payload, ["cart", "missing", 0])).toBeUndefined();
    expect(valueAt(payload, ["email", 0])).toBeUndefined();
  });

  it("writes a value without touching the original, making missing objects", () => {
    const changed = withValue(payload, ["cart", "total"], 12);
    expect(changed.cart).toEqual({ total: 12, items: [{ sku: "A", quantity: 1 }] });
    expect(payload.cart.total).toBe(84.5);
    expect(withValue({}, ["customer", "tier"], "gold")).toEqual({ customer: { tier: "gold" } });
  });

  it("adds and removes list rows; undefined removes a key", () => {
    const added = withValue(payload, ["cart", "items", 1], newRow(items));
    expect(valueAt(added, ["cart", "items"])).toEqual([
      { sku: "A", quantity: 1 },
      { sku: "text", quantity: 1 },
    ]);
    expect(valueAt(withValue(added, ["cart", "items", 0], undefined), ["cart", "items"])).toEqual([{ sku: "text", quantity: 1 }]);
    expect(withValue(payload, ["email"], undefined)).not.toHaveProperty("email");
  });

  it("keeps a field named __proto__ as a key", () => {
    const out = withValue({}, ["__proto__"], "x");
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it("a new row copies the list's own example, else builds one as the event's example does", () => {
    expect(newRow({ name: "tags", type: "array", items: "string", example: ["vip", "eu"] })).toBe("vip");
    expect(newRow({ name: "scores", type: "array", items: "number" })).toBe(9.99);
  });

  it("typed inputs show what they can and read back the kind", () => {
    expect(inputText("number", 84.5)).toBe("84.5");
    expect(inputText("number", "lots")).toBeNull();
    expect(inputText("integer", 2.5)).toBeNull();
    expect(inputText("datetime", "2026-01-15T09:30:00Z")).toBe("2026-01-15T09:30");
    expect(inputText("datetime", "yesterday")).toBeNull();
    expect(inputText("date", "2026-01-15")).toBe("2026-01-15");
    expect(inputText("string", undefined)).toBe("");
    expect(inputValue("number", "12.5")).toBe(12.5);
    expect(inputValue("integer", "3")).toBe(3);
    expect(inputValue("integer", "3.5")).toBe("3.5");
    expect(inputValue("number", "")).toBeUndefined();
    expect(inputValue("string", "")).toBe("");
    expect(inputValue("datetime", "2026-02-01T08:15")).toBe("2026-02-01T08:15:00Z");
    expect(inputValue("datetime", "2026-02-01T08:15:30")).toBe("2026-02-01T08:15:30Z");
    expect(inputValue("boolean", "true")).toBe(true);
  });

  it("the JSON view round-trips and says where it is wrong", () => {
    expect(readPayloadText(payloadText(payload))).toEqual({ ok: true, payload });
    const bad = readPayloadText('{\n  "email": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^Invalid JSON: Line 2, column \d+/);
    expect(readPayloadText("[1]")).toEqual({ ok: false, message: "The payload must be a JSON object, not an array" });
  });

  it("names paths as JSON Pointers", () => {
    expect(toPointer(["cart", "items", 0, "sku"])).toBe("/cart/items/0/sku");
    expect(toPointer(["a/b", "c~d"])).toBe("/a~1b/c~0d");
  });
});

describe("Rust's refusal of a payload", () => {
  it("lists each JSON path and why; a missing property is put on itself", () => {
    const message =
      'event 1: the payload does not fit event `cart_abandoned`: /: "email" is a required property; /cart/items/0/quantity: "two" is not of type "integer"; /cart/total: "lots; much" is not of type "number"; and 2 more';
    expect(payloadErrors(message)).toEqual([
      { pointer: "/email", message: "required, and missing" },
      { pointer: "/cart/items/0/quantity", message: '"two" is not of type "integer"' },
      { pointer: "/cart/total", message: '"lots; much" is not of type "number"' },
    ]);
    expect(payloadErrors('the payload does not fit event `x`: /cart: "total" is a required property')).toEqual([
      { pointer: "/cart/total", message: "required, and missing" },
    ]);
  });

  it("is null for any other error", () => {
    expect(payloadErrors("NOT_FOUND: journey 'x' not found")).toBeNull();
  });

  it("groups messages by pointer for the form", () => {
    const grouped = errorsByPointer([
      { pointer: "/a", message: "one" },
      { pointer: "/a", message: "two" },
    ]);
    expect(grouped.get("/a")).toEqual(["one", "two"]);
  });
});
