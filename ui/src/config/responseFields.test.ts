import { describe, expect, it } from "vitest";

import { fieldRows, fieldsFromExample, pathParameters } from "./responseFields";

describe("fields from a response example (field.rs fields_from_example)", () => {
  it("reads one field per key, in the example's order, typed like kind_of", () => {
    expect(
      fieldsFromExample({
        id: "c-1",
        age: 42,
        score: 9.5,
        vip: true,
        since: "2024-03-01",
        seenAt: "2026-01-15T09:30:00Z",
        nickname: null,
      }),
    ).toEqual([
      { name: "id", type: "string" },
      { name: "age", type: "integer" },
      { name: "score", type: "number" },
      { name: "vip", type: "boolean" },
      { name: "since", type: "date" },
      { name: "seenAt", type: "datetime" },
      { name: "nickname", type: "string" },
    ]);
  });

  it("walks objects, and arrays through their first element", () => {
    expect(
      fieldsFromExample({
        address: { city: "Lyon", geo: { lat: 45.7 } },
        orders: [{ sku: "A1", qty: 2 }, { other: true }],
        tags: ["vip"],
        none: [],
        matrix: [[1]],
        empty: {},
      }),
    ).toEqual([
      { name: "address", type: "object", fields: [{ name: "city", type: "string" }, { name: "geo", type: "object", fields: [{ name: "lat", type: "number" }] }] },
      { name: "orders", type: "array", items: "object", fields: [{ name: "sku", type: "string" }, { name: "qty", type: "integer" }] },
      { name: "tags", type: "array", items: "string" },
      { name: "none", type: "array", items: "string" },
      { name: "matrix", type: "array", items: "array" },
      { name: "empty", type: "object" },
    ]);
  });

  it("has no fields for a root that is not an object", () => {
    for (const root of [null, undefined, 3, "text", [{ a: 1 }]]) expect(fieldsFromExample(root)).toEqual([]);
  });

  it("keeps unusual keys as field names", () => {
    expect(fieldsFromExample(JSON.parse('{"__proto__": 1, "a.b": "x"}'))).toEqual([
      { name: "__proto__", type: "integer" },
      { name: "a.b", type: "string" },
    ]);
  });
});

describe("field rows", () => {
  it("lists fields depth first with dotted paths, [] for array elements", () => {
    const rows = fieldRows(fieldsFromExample({ id: 1, address: { city: "Lyon" }, orders: [{ sku: "A1" }], tags: ["x"] }));
    expect(rows.map((r) => [r.path, r.depth, r.label])).toEqual([
      ["id", 0, "integer"],
      ["address", 0, "object"],
      ["address.city", 1, "string"],
      ["orders", 0, "array of object"],
      ["orders[].sku", 1, "string"],
      ["tags", 0, "array of string"],
    ]);
  });
});

describe("path parameters (FieldGroup::path_parameters)", () => {
  it("names each {placeholder}, in order, repeats included", () => {
    expect(pathParameters("/customers/{customerId}/orders/{orderId}")).toEqual(["customerId", "orderId"]);
    expect(pathParameters("/a/{x}/{x}")).toEqual(["x", "x"]);
  });

  it("ignores an unclosed brace and keeps an empty one", () => {
    expect(pathParameters("/a/{open")).toEqual([]);
    expect(pathParameters("/a/{}/b")).toEqual([""]);
    expect(pathParameters("/plain")).toEqual([]);
  });
});
