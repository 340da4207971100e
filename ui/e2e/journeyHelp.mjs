// `journey_help` for browser tests: the expression functions as Rust lists them (read from
// the tables docs/expressions.md generates from Rust's function table, so no test keeps a
// copy), and a sample journey with its scopes as Rust answers them: cart_recovery of
// ../examples/cart_abandonment.parcours.json with a reaction to `order_paid` after the
// reminder and a condition on that payment. harness.mjs answers `journey_help` with
// `journeyHelpAnswer` unless a test answers it itself.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

const FAMILIES = {
  Strings: "strings",
  Lists: "lists",
  "Dates and times": "dates",
  Durations: "durations",
  Maths: "maths",
  Conversions: "conversions",
  "Null handling": "nulls",
};

/** Splits a markdown table row on its unescaped pipes. */
const cells = (row) =>
  row
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, "|"));
const code = (cell) => cell.replace(/^`/, "").replace(/`$/, "");

/** Every journey function as `journey_help` lists it (FunctionHelp), in the docs' order. */
export function functionHelp() {
  const doc = readFileSync(resolve(root, "docs/expressions.md"), "utf8");
  const tables = doc.slice(doc.indexOf("<!-- functions:begin -->"), doc.indexOf("<!-- functions:end -->"));
  assert.ok(tables.length > 0, "docs/expressions.md: the function tables were not found");
  const out = [];
  let family = null;
  for (const line of tables.split("\n")) {
    const heading = /^### (.+)$/.exec(line);
    if (heading) family = FAMILIES[heading[1].trim()];
    const row = /^\| `(\w+)\((.*?)\)` \|/.exec(line);
    if (!row) continue;
    assert.ok(family, `docs/expressions.md: ${row[1]} outside a known family`);
    const [call, result, what, example] = cells(line);
    const params = row[2] === "" ? [] : row[2].split(",").map((p) => p.trim().split(":")[0].trim());
    out.push({ name: row[1], family, signature: `${code(call)} → ${result}`, params, doc: what, example: code(example) });
  }
  assert.ok(out.some((f) => f.name === "addDays"), "docs/expressions.md: addDays not found");
  return out;
}

const bundle = JSON.parse(readFileSync(resolve(root, "examples/cart_abandonment.parcours.json"), "utf8"));

export const SAMPLE_JOURNEY = "cart_recovery";

/** The reaction event of the sample journey: the cart was paid. */
export const ORDER_PAID = {
  name: "order_paid",
  description: "The order service saw the cart paid.",
  profileId: "email",
  recognition: { kind: "rule", condition: 'event.eventType == "order.paid"' },
  fields: [
    { name: "eventType", type: "string", required: true, example: "order.paid" },
    { name: "email", type: "string", required: true },
    { name: "cartId", type: "string", required: true },
    { name: "total", type: "number", required: true, example: 84.5 },
    { name: "paidAt", type: "datetime", required: true },
  ],
};

/** The events, actions and data sources of the sample: the example bundle's and ORDER_PAID. */
export const sampleCatalog = {
  events: [...bundle.events, ORDER_PAID],
  actions: bundle.actions,
  dataSources: bundle.dataSources,
};

/**
 * The sample journey, a draft: start → wait_1h → still_unpaid → remind → await_payment
 * (reaction to order_paid) → paid_big (condition on `events.order_paid.total`).
 */
export function sampleJourney() {
  const journey = structuredClone(bundle.journeys.find((j) => j.name === SAMPLE_JOURNEY));
  for (const v of journey.versions) v.status = "draft";
  const version = journey.versions.at(-1);
  version.nodes.push(
    { id: "await_payment", position: { x: 1300, y: 0 }, activity: { type: "reaction", event: "order_paid", timeoutSeconds: 86400 } },
    {
      id: "paid_big",
      position: { x: 1560, y: 0 },
      activity: { type: "condition", paths: [{ port: "big", expression: "events.order_paid.total > 100.0" }], other: true },
    },
    { id: "end_thanked", position: { x: 1820, y: 0 }, activity: { type: "end" } },
  );
  version.edges = version.edges.filter((e) => !(e.from === "remind" && e.port === "success"));
  version.edges.push(
    { from: "remind", port: "success", to: "await_payment" },
    { from: "await_payment", port: "next", to: "paid_big" },
    { from: "await_payment", port: "timeout", to: "end_sent" },
    { from: "paid_big", port: "big", to: "end_thanked" },
    { from: "paid_big", port: "other", to: "end_thanked" },
  );
  return journey;
}

// The scopes as Rust's `scope_fields` lists them: the entry event, the events received
// (entry, then reactions upstream), actions upstream, lookups, the journey, the clock;
// objects opened in name order.
const field = (group) => (path, ty) => ({ path, ty, group });
const payload = (root, add) => [
  add(root, "object"),
  add(`${root}.abandonedAt`, "timestamp"),
  add(`${root}.cart`, "object"),
  add(`${root}.cart.currency`, "string"),
  add(`${root}.cart.items`, "list(object)"),
  add(`${root}.cart.total`, "double"),
  add(`${root}.cartId`, "string"),
  add(`${root}.email`, "string"),
  add(`${root}.eventType`, "string"),
];
const entry = [...payload("event", field("Entry event cart_abandoned")), ...payload("events.cart_abandoned", field("Event cart_abandoned"))];
const paid = ((add) => [
  add("events.order_paid", "object"),
  add("events.order_paid.cartId", "string"),
  add("events.order_paid.email", "string"),
  add("events.order_paid.eventType", "string"),
  add("events.order_paid.paidAt", "timestamp"),
  add("events.order_paid.total", "double"),
])(field("Event order_paid"));
const reminder = ((add) => [
  add("actions.send_reminder", "object"),
  add("actions.send_reminder.ok", "bool"),
  add("actions.send_reminder.response", "object"),
  add("actions.send_reminder.response.messageId", "string"),
  add("actions.send_reminder.response.queued", "bool"),
  add("actions.send_reminder.status", "string"),
])(field("Action send_reminder"));
const lookup = ((add) => [
  add("data.orders.byCart", "object"),
  add("data.orders.byCart.orderId", "string"),
  add("data.orders.byCart.paid", "bool"),
  add("data.orders.byCart.total", "double"),
  add("data.orders.byCart.updatedAt", "timestamp"),
])(field("Lookup orders.byCart"));
const context = [
  ...((add) => [
    add("journey", "object"),
    add("journey.enteredAt", "timestamp"),
    add("journey.instanceId", "string"),
    add("journey.name", "string"),
    add("journey.profileId", "string"),
    add("journey.timeZone", "string"),
    add("journey.version", "int"),
  ])(field("Journey")),
  { path: "now", ty: "timestamp", group: "Clock" },
];

const before = [...entry, ...lookup, ...context];
const afterReminder = [...entry, ...reminder, ...lookup, ...context];
const afterPayment = [...entry, ...paid, ...reminder, ...lookup, ...context];

/** Per node of the sample: its ports and what is upstream of it. */
const SAMPLE_SCOPES = {
  start: [["next"], before],
  wait_1h: [["next"], before],
  still_unpaid: [["unpaid", "other"], before],
  remind: [["success", "error"], before],
  end_paid: [[], before],
  end_failed: [[], afterReminder],
  await_payment: [["next", "timeout"], afterReminder],
  end_sent: [[], afterReminder],
  paid_big: [["big", "other"], afterPayment],
  end_thanked: [[], afterPayment],
};

const functions = functionHelp();

/**
 * `journey_help`'s answer for `journey`: the sample's scopes for its nodes (a node the
 * sample does not have sees what the entry sees), nothing in scope for other journeys;
 * the functions always.
 */
export function journeyHelpAnswer(journey) {
  const version = journey.versions.at(-1);
  const sample = journey.name === SAMPLE_JOURNEY;
  const nodes = (version?.nodes ?? []).map((n) => {
    const [ports, fields] = (sample && SAMPLE_SCOPES[n.id]) || [[], sample ? before : []];
    return { node: n.id, ports, fields };
  });
  return { nodes, functions };
}
