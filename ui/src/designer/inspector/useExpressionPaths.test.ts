import { describe, expect, it } from "vitest";

import { groupFields } from "./useExpressionPaths";

describe("groupFields", () => {
  it("groups Rust's fields in Rust's order, each path with its type", () => {
    expect(
      groupFields([
        { path: "event", ty: "object", group: "Entry event e" },
        { path: "event.total", ty: "double", group: "Entry event e" },
        { path: "data.orders.byCart.paid", ty: "bool", group: "Lookup orders.byCart" },
        { path: "now", ty: "timestamp", group: "Clock" },
      ]),
    ).toEqual([
      { label: "Entry event e", paths: ["event", "event.total"], types: { event: "object", "event.total": "double" } },
      { label: "Lookup orders.byCart", paths: ["data.orders.byCart.paid"], types: { "data.orders.byCart.paid": "bool" } },
      { label: "Clock", paths: ["now"], types: { now: "timestamp" } },
    ]);
  });
});
