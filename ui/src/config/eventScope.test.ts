import { describe, expect, it } from "vitest";

import type { Field } from "../bindings/Field";
import { eventScope, eventScopeGroups } from "./eventScope";

const fields: Field[] = [
  { name: "eventType", type: "string" },
  {
    name: "cart",
    type: "object",
    fields: [
      { name: "total", type: "number" },
      { name: "items", type: "array", items: "object", fields: [{ name: "sku", type: "string" }] },
      { name: "tags", type: "array" },
    ],
  },
  { name: "at", type: "datetime" },
  { name: "day", type: "date" },
  { name: "count", type: "integer" },
];

describe("eventScope", () => {
  it("lists the payload as `event`, typed as Rust's checker, objects opened in name order, lists whole", () => {
    expect(eventScope(fields)).toEqual([
      { path: "event", ty: "object" },
      { path: "event.at", ty: "timestamp" },
      { path: "event.cart", ty: "object" },
      { path: "event.cart.items", ty: "list(object)" },
      { path: "event.cart.tags", ty: "list(string)" },
      { path: "event.cart.total", ty: "double" },
      { path: "event.count", ty: "int" },
      { path: "event.day", ty: "string" },
      { path: "event.eventType", ty: "string" },
    ]);
  });

  it("groups it under the event's name", () => {
    const [group] = eventScopeGroups("cart_abandoned", fields);
    expect(group.label).toBe("Event cart_abandoned");
    expect(group.types?.["event.cart.total"]).toBe("double");
    expect(eventScopeGroups(" ", [])[0].label).toBe("This event");
  });
});
