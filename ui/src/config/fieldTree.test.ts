import { describe, expect, it } from "vitest";

import type { Field } from "../bindings/Field";
import {
  addField,
  diagnosticPath,
  displayPath,
  examplePayload,
  holdsChildren,
  leafPaths,
  namePath,
  newField,
  removeField,
  renameReference,
  setFieldType,
  splitFieldPath,
  toFields,
  toNodes,
  updateField,
  type FieldNode,
} from "./fieldTree";

function keys() {
  let n = 0;
  return () => `k${++n}`;
}

const cart: Field[] = [
  { name: "email", type: "string", required: true },
  { name: "at", type: "datetime", description: "when", example: "2026-02-01T00:00:00Z" },
  {
    name: "cart",
    type: "object",
    required: true,
    fields: [
      { name: "total", type: "number" },
      { name: "items", type: "array", items: "object", fields: [{ name: "sku", type: "string" }] },
    ],
  },
];

describe("nodes round trip", () => {
  it("gives every node a key and comes back to the same fields", () => {
    const nodes = toNodes(cart, keys());
    expect(nodes.map((n) => n.key)).toEqual(["k1", "k2", "k3"]);
    expect(nodes[2].children.map((n) => n.key)).toEqual(["k4", "k5"]);
    expect(toFields(nodes)).toEqual(cart);
  });

  it("leaves out false `required` and empty children, as Rust writes them", () => {
    expect(toFields([{ ...newField("a"), name: "x" }])).toEqual([{ name: "x", type: "string" }]);
  });
});

describe("tree edits", () => {
  const start = (): FieldNode[] => toNodes(cart, keys());

  it("adds at the root and under an object, without touching the input", () => {
    const nodes = start();
    const rooted = addField(nodes, [], { ...newField("n1"), name: "plan" });
    expect(rooted.map((n) => n.name)).toEqual(["email", "at", "cart", "plan"]);
    const nested = addField(nodes, [2], { ...newField("n2"), name: "currency" });
    expect(nested[2].children.map((n) => n.name)).toEqual(["total", "items", "currency"]);
    const deep = addField(nodes, [2, 1], { ...newField("n3"), name: "qty", type: "integer" });
    expect(toFields(deep)[2].fields?.[1].fields).toEqual([
      { name: "sku", type: "string" },
      { name: "qty", type: "integer" },
    ]);
    expect(toFields(nodes)).toEqual(cart);
  });

  it("renames and toggles required by index path", () => {
    const nodes = updateField(updateField(start(), [2, 0], { name: "amount" }), [0], { required: false });
    expect(namePath(nodes, [2, 0])).toBe("cart.amount");
    expect(toFields(nodes)[0]).toEqual({ name: "email", type: "string" });
  });

  it("sets an element type when a field becomes an array and drops it otherwise", () => {
    const arr = setFieldType(start(), [0], "array");
    expect(toFields(arr)[0]).toMatchObject({ type: "array", items: "string" });
    const back = setFieldType(arr, [0], "integer");
    expect(toFields(back)[0]).toEqual({ name: "email", type: "integer", required: true });
    // An existing element type is kept when the field stays an array.
    expect(toFields(setFieldType(start(), [2, 1], "array"))[2].fields?.[1].items).toBe("object");
  });

  it("keeps children when an object changes type, so nothing is lost", () => {
    const nodes = setFieldType(start(), [2], "string");
    expect(nodes[2].children).toHaveLength(2);
  });

  it("removes a nested field", () => {
    const nodes = removeField(start(), [2, 0]);
    expect(nodes[2].children.map((n) => n.name)).toEqual(["items"]);
    expect(removeField(start(), [5])).toHaveLength(3);
  });

  it("says which fields hold children", () => {
    expect(holdsChildren({ type: "object" })).toBe(true);
    expect(holdsChildren({ type: "array", items: "object" })).toBe(true);
    expect(holdsChildren({ type: "array", items: "string" })).toBe(false);
    expect(holdsChildren({ type: "string" })).toBe(false);
  });
});

describe("paths", () => {
  it("builds diagnostic paths the way validate/config.rs does", () => {
    expect(diagnosticPath([2, 1, 0])).toBe("fields[2].fields[1].fields[0]");
    expect(diagnosticPath([0])).toBe("fields[0]");
  });

  it("splits a normalized diagnostic path into the field and the rest", () => {
    expect(splitFieldPath("fields.2.fields.0.name")).toEqual({ at: [2, 0], rest: "name" });
    expect(splitFieldPath("fields.1")).toEqual({ at: [1], rest: "" });
    expect(splitFieldPath("fields")).toBeNull();
    expect(splitFieldPath("profileId")).toBeNull();
  });

  it("names nodes for people, blanks included", () => {
    const nodes = addField(toNodes(cart, keys()), [2], newField("x"));
    expect(displayPath(nodes, [2, 2])).toBe("cart.(unnamed)");
    expect(displayPath(nodes, [2, 1, 0])).toBe("cart.items.sku");
  });

  it("lists named scalar leaves, through objects but not arrays", () => {
    const fields: Field[] = [...cart, { name: "", type: "string" }, { name: "tags", type: "array", items: "string" }];
    expect(leafPaths(fields)).toEqual(["email", "at", "cart.total"]);
  });

  it("makes references follow a rename", () => {
    expect(renameReference("customer.id", "customer", "client")).toBe("client.id");
    expect(renameReference("customer", "customer", "client")).toBe("client");
    expect(renameReference("customers.id", "customer", "client")).toBe("customers.id");
    // A field without a name yet is never what a reference names.
    expect(renameReference("", "", "email")).toBe("");
    expect(renameReference("a", "a.", "a.b")).toBe("a");
  });
});

describe("example payload", () => {
  it("fills every kind like Rust's example_payload", () => {
    const fields: Field[] = [
      { name: "s", type: "string" },
      { name: "i", type: "integer" },
      { name: "n", type: "number" },
      { name: "b", type: "boolean" },
      { name: "t", type: "datetime" },
      { name: "d", type: "date" },
      { name: "o", type: "object", fields: [{ name: "x", type: "integer" }] },
      { name: "e", type: "object" },
      { name: "a", type: "array", items: "string" },
      { name: "u", type: "array" },
    ];
    expect(examplePayload({ fields, recognition: { kind: "rule", condition: "" } })).toEqual({
      s: "text",
      i: 1,
      n: 9.99,
      b: true,
      t: "2026-01-15T09:30:00Z",
      d: "2026-01-15",
      o: { x: 1 },
      e: {},
      a: ["text"],
      u: ["text"],
    });
  });

  it("uses a field's own example and nests arrays of objects", () => {
    const payload = examplePayload({ fields: cart, recognition: { kind: "rule", condition: "true" } });
    expect(payload).toEqual({
      email: "text",
      at: "2026-02-01T00:00:00Z",
      cart: { total: 9.99, items: [{ sku: "text" }] },
    });
    expect(Object.keys(payload)).toEqual(["email", "at", "cart"]);
  });

  it("puts the system event id where the sender must send it", () => {
    const fields: Field[] = [{ name: "meta", type: "object", fields: [{ name: "eventId", type: "string" }] }];
    expect(examplePayload({ fields, recognition: { kind: "systemId", field: "meta.eventId", id: "evt_1" } })).toEqual({
      meta: { eventId: "evt_1" },
    });
    // A field that is not there is not invented.
    expect(examplePayload({ fields, recognition: { kind: "systemId", field: "meta.other", id: "evt_1" } })).toEqual({
      meta: { eventId: "text" },
    });
  });

  it("keeps a field named __proto__ as a plain key", () => {
    const payload = examplePayload({ fields: [{ name: "__proto__", type: "integer" }], recognition: { kind: "rule", condition: "" } });
    expect(JSON.stringify(payload)).toBe('{"__proto__":1}');
  });
});
