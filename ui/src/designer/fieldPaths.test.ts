import { describe, expect, it } from "vitest";

import type { CustomAction } from "../bindings/CustomAction";
import { actionPaths, eventFieldPaths, mappingRows } from "./fieldPaths";

const variable = (label: string, type: "string" | "number", optional = false) =>
  ({ kind: "variable", label, type, optional, nullable: false }) as const;

const action: CustomAction = {
  name: "send_reminder",
  description: "",
  url: "https://api.example.com/messages",
  dynamicPath: false,
  method: "POST",
  headers: [
    { name: "X-Channel", value: { kind: "constant", value: "email" } },
    { name: "X-Trace", value: variable("Trace id", "string", true) },
  ],
  query: [{ name: "lang", value: variable("Language", "string") }],
  payload: [
    { path: "to", value: variable("Recipient", "string") },
    { path: "template", value: { kind: "constant", value: "cart" } },
    { path: "variables.total", value: variable("Total", "number") },
  ],
  responseExample: { messageId: "m-1", delivery: { queued: true }, tags: ["a"] },
  auth: { type: "none" },
  timeoutMs: 10_000,
  retries: 3,
  callsPerSecond: 5,
};

describe("eventFieldPaths", () => {
  it("lists every field, objects and their children, but not array elements", () => {
    expect(
      eventFieldPaths([
        { name: "email", type: "string" },
        {
          name: "cart",
          type: "object",
          fields: [
            { name: "total", type: "number" },
            { name: "items", type: "array", items: "object", fields: [{ name: "sku", type: "string" }] },
          ],
        },
      ]),
    ).toEqual(["event.email", "event.cart", "event.cart.total", "event.cart.items"]);
  });
});

describe("actionPaths", () => {
  it("lists status, ok and the response example's fields", () => {
    expect(actionPaths(action)).toEqual([
      "actions.send_reminder.ok",
      "actions.send_reminder.status",
      "actions.send_reminder.response.messageId",
      "actions.send_reminder.response.delivery",
      "actions.send_reminder.response.delivery.queued",
      "actions.send_reminder.response.tags",
    ]);
  });
});

describe("mappingRows", () => {
  it("has one row per variable parameter, keyed as Rust keys the mapping", () => {
    expect(mappingRows(action, {}).map((r) => [r.key, r.label, r.optional])).toEqual([
      ["payload.to", "Recipient", false],
      ["payload.variables.total", "Total", false],
      ["header.X-Trace", "Trace id", true],
      ["query.lang", "Language", false],
    ]);
  });

  it("keeps mapped keys the action does not declare, marked unknown", () => {
    const rows = mappingRows(action, { "payload.to": "event.email", "payload.gone": "1" });
    expect(rows.at(-1)).toEqual({ key: "payload.gone", label: "payload.gone", type: "", optional: true, known: false });
    expect(mappingRows(undefined, { "payload.x": "1" }).map((r) => r.key)).toEqual(["payload.x"]);
  });
});
