import { describe, expect, it } from "vitest";

import type { Field } from "../bindings/Field";
import { EXAMPLE_DATETIME, examplePayload } from "./examplePayload";

describe("examplePayload", () => {
  it("fills every scalar kind with its default", () => {
    const fields: Field[] = [
      { name: "s", type: "string" },
      { name: "n", type: "number" },
      { name: "i", type: "integer" },
      { name: "b", type: "boolean" },
      { name: "t", type: "datetime" },
      { name: "d", type: "date" },
    ];
    expect(examplePayload(fields)).toEqual({
      s: "text",
      n: 1,
      i: 1,
      b: true,
      t: EXAMPLE_DATETIME,
      d: "2026-01-05",
    });
  });

  it("nests objects, wraps array elements and prefers a field's own example", () => {
    const fields: Field[] = [
      { name: "email", type: "string", example: "ada@example.com" },
      {
        name: "cart",
        type: "object",
        fields: [
          { name: "total", type: "number", example: 84.5 },
          { name: "items", type: "array", items: "object", fields: [{ name: "sku", type: "string" }] },
          { name: "tags", type: "array", items: "string" },
        ],
      },
    ];
    expect(examplePayload(fields)).toEqual({
      email: "ada@example.com",
      cart: { total: 84.5, items: [{ sku: "text" }], tags: ["text"] },
    });
  });

  it("keeps a false example and reads a null one as none, like Rust", () => {
    expect(
      examplePayload([
        { name: "a", type: "string", example: null },
        { name: "b", type: "boolean", example: false },
      ]),
    ).toEqual({ a: "text", b: false });
  });

  it("gives an empty object for no fields", () => {
    expect(examplePayload([])).toEqual({});
  });
});
