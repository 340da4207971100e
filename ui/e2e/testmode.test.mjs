// Browser test of test mode and the first screens at the window's default size (1200×800),
// in the system Chromium: serves the built app (run `npm run build` first) with Tauri IPC
// answered from this process (harness.mjs mockIpcWithEvents; the step-through session through
// answerSession), and drives it like a user: the home's way to the configurations and
// its first-run hint, the minimap beside the journey, the test event's schema form and
// its JSON view, a payload Rust refuses, and a reaction event sent to a person waiting in
// a session, before and after its timeout. Run with `npm run test:testmode`. Screenshots go
// to ../tests/artifacts/testmode-*.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { answerSession, artifactsDir, distDir, isSessionCommand, launchChromium, mockIpcWithEvents, serveDir, uiDir, until, waitForCount } from "./harness.mjs";

const VIEWPORT = { width: 1200, height: 800 };
const bundles = ["cart_abandonment", "loyalty_upgrade", "welcome_series"].map((n) =>
  JSON.parse(readFileSync(resolve(uiDir, `../examples/${n}.parcours.json`), "utf8")),
);
const all = (key) => bundles.flatMap((b) => b[key] ?? []);
const events = all("events");
const journeys = Object.fromEntries(
  all("journeys").map((j) => {
    const copy = structuredClone(j);
    for (const v of copy.versions) v.status = "draft";
    return [j.name, copy];
  }),
);
const CART = "cart_recovery";
const LOYALTY = "loyalty_upgrade";
const latest = (name) => journeys[name].versions.at(-1);
assert.ok(latest(LOYALTY).nodes.some((n) => n.id === "redeemed" && n.activity.type === "reaction"), "loyalty_upgrade waits in `redeemed`");
const cartEvent = events.find((e) => e.name === "cart_abandoned");
assert.ok(cartEvent.fields.find((f) => f.name === "cart").fields.some((f) => f.name === "items" && f.type === "array"), "cart.items is a list");

const NOW = "2026-01-05T09:00:00Z";
const TIMEOUT_AT = "2026-01-12T09:00:00Z";
const PERSON = "cu-301";
const entry = (node, kind, at, extra = {}) => ({ at, journey: LOYALTY, node, kind, ...extra });

// loyalty_upgrade in a session: the person reaches `redeemed` and waits there; a coupon
// sent before the timeout takes `next` to `to_vip`, after it the timer takes `timeout`.
function loyaltySession() {
  const s = { open: false, now: NOW, entries: [], waiting: [], queued: null, sent: [] };
  const view = () => {
    const nodes = {};
    for (const e of s.entries) {
      nodes[e.node] ??= { entered: 0, exited: {}, errors: 0, timeouts: 0, waiting: 0 };
      if (e.kind === "entered") nodes[e.node].entered += 1;
      if (e.kind === "exited") nodes[e.node].exited[e.port] = 1;
    }
    return {
      now: s.now,
      ...(s.queued ? { nextAt: s.queued.at } : {}),
      result: {
        journey: LOYALTY,
        people: s.entries.length > 0 ? 1 : 0,
        report: {
          nodes: { [LOYALTY]: nodes },
          journeys: { [LOYALTY]: { entered: 1, finished: s.waiting.length === 0 ? 1 : 0, jumped: 0, exitedEarly: 0, errors: 0, stillInside: s.waiting.length } },
          discarded: {},
          events: s.entries.length > 0 ? 1 : 0,
        },
        traces: s.entries.length > 0 ? [{ instance: "i-1", profileId: PERSON, journey: LOYALTY, entries: s.entries }] : [],
      },
      waiting: s.waiting,
    };
  };
  const step = () => {
    if (!s.queued) return view();
    const { at } = s.queued;
    s.queued = null;
    s.waiting = [];
    if (Date.parse(at) <= Date.parse(TIMEOUT_AT)) {
      s.now = at;
      s.entries.push(entry("redeemed", "exited", at, { port: "next" }), entry("to_vip", "entered", at));
    } else {
      s.now = TIMEOUT_AT;
      s.entries.push(entry("redeemed", "exited", TIMEOUT_AT, { port: "timeout" }), entry("end_no_redeem", "entered", TIMEOUT_AT));
    }
    return view();
  };
  Object.assign(s, {
    start() {
      Object.assign(s, { now: NOW, entries: [], waiting: [], queued: null });
      return view();
    },
    push() {
      const path = [["start", "next"], ["eligible", "gold"], ["grant", "success"], ["daytime", "daytime"], ["push", "success"]];
      for (const [node, port] of path) s.entries.push(entry(node, "entered", NOW), entry(node, "exited", NOW, { port }));
      s.entries.push(entry("redeemed", "entered", NOW));
      s.waiting = [{ person: PERSON, journey: LOYALTY, node: "redeemed", event: "coupon_redeemed", timeoutAt: TIMEOUT_AT }];
      return view();
    },
    sendReaction({ person, event, at, payload }) {
      s.sent.push({ person, event, at, payload });
      if (typeof payload?.couponCode !== "string")
        throw {
          code: "INVALID_INPUT",
          message: `event 1: the payload does not fit event \`${event}\`: /couponCode: ${JSON.stringify(payload?.couponCode)} is not of type "string"`,
        };
      s.queued = { at: at ?? s.now };
      return view();
    },
    step,
    run: step,
    nextTimer: step,
    advance(to) {
      s.now = to;
      return view();
    },
  });
  return s;
}

function backend() {
  const state = { unknown: [], runs: [], session: loyaltySession() };
  const summary = (c) => ({ name: c.name, description: c.description ?? "", usedIn: 1 });
  const handle = (cmd, args) => {
    if (isSessionCommand(cmd)) return answerSession(state.session, cmd, args);
    switch (cmd) {
      case "overview":
        return {
          databasePath: "/tmp/parcours-testmode.sqlite",
          journeys: Object.values(journeys).map((j) => ({
            name: j.name,
            description: j.description ?? "",
            latestVersion: j.versions.at(-1).version,
            status: "draft",
            state: "draft",
            activities: j.versions.at(-1).nodes.length,
            updatedAt: "2026-01-01T00:00:00Z",
            errors: 0,
            warnings: 0,
          })),
          events: events.map(summary),
          dataSources: all("dataSources").map(summary),
          actions: all("actions").map(summary),
        };
      case "get_journey":
        if (!journeys[args.name]) throw { code: "NOT_FOUND", message: `journey '${args.name}' not found` };
        return journeys[args.name];
      case "validate_journey":
      case "validate_draft":
        return [];
      case "save_journey":
        return [];
      case "list_events":
        return events;
      case "list_actions":
        return all("actions");
      case "list_data_sources":
        return all("dataSources");
      case "list_test_profiles":
      case "list_runners":
      case "list_pushes":
        return [];
      case "run_test_events": {
        state.runs.push(args);
        const line = JSON.parse(args.events);
        const total = line.payload?.cart?.total;
        if (typeof total !== "number")
          throw {
            code: "INVALID_INPUT",
            message: `event 1: the payload does not fit event \`cart_abandoned\`: /cart/total: ${JSON.stringify(total)} is not of type "number"; /: "email" is a required property`,
          };
        return {
          journey: args.journey,
          people: 1,
          report: { nodes: { [args.journey]: {} }, journeys: {}, discarded: {}, events: 1 },
          traces: [],
        };
      }
      default:
        state.unknown.push(cmd);
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

const shot = (page, name) => page.screenshot({ path: join(artifactsDir, `testmode-${name}.png`) });

/** The element's box, asserted to lie inside the window (nothing to scroll to). */
async function inWindow(locator, what) {
  await locator.waitFor();
  const box = await locator.boundingBox();
  assert.ok(box, `${what} has a box`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= VIEWPORT.width && box.y + box.height <= VIEWPORT.height, `${what} is in the window: ${JSON.stringify(box)}`);
  // Not hidden under something else, nor scrolled out of its own panel.
  const hit = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return top !== null && (el === top || el.contains(top));
  });
  assert.ok(hit, `${what} is not covered`);
  return box;
}

const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function minimapClearOfNodes(page, what) {
  const map = await page.locator(".react-flow__minimap").boundingBox();
  assert.ok(map, "the minimap is shown");
  const nodes = await page.locator('[data-testid="canvas-node"]').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.dataset.id, x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  assert.ok(nodes.length > 0);
  for (const n of nodes) assert.ok(!overlaps(map, n), `${what}: the minimap covers ${n.id}: ${JSON.stringify({ map, n })}`);
}

async function homeAtDefaultSize(page) {
  await page.locator('[data-testid="journey-row"]').first().waitFor();
  for (const kind of ["event", "dataSource", "action"]) {
    await inWindow(page.locator(`[data-testid="nav-config"][data-kind="${kind}"]`), `the ${kind} configurations link`);
  }
  const hint = page.locator('[data-testid="first-run-hint"]');
  await inWindow(hint, "the first-run hint");
  assert.match(await hint.innerText(), /sample journey/);
  assert.match(await hint.innerText(), /Events/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no horizontal scroll");
  await shot(page, "home");

  // Dismissed, it stays away after a reload; the configurations are one click away.
  await page.locator('[data-testid="first-run-dismiss"]').click();
  await waitForCount(page, '[data-testid="first-run-hint"]', 0);
  await page.reload();
  await page.locator('[data-testid="journey-row"]').first().waitFor();
  assert.equal(await hint.count(), 0, "remembered");
  await page.locator('[data-testid="nav-config"][data-kind="event"]').click();
  await page.getByRole("heading", { name: /Events/ }).first().waitFor();
}

async function openJourney(page, url, name) {
  await page.goto(url);
  await page.locator(`[data-testid="journey-row"][data-name="${name}"] [data-testid="open-journey"]`).click();
  await waitForCount(page, '[data-testid="canvas-node"]', latest(name).nodes.length);
}

/** A draft's toolbar keeps to one row at the window's default size (it wrapped to two). */
async function toolbarIsOneRow(page, what) {
  const middles = await page.locator(".canvas-toolbar > *").evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return Math.round(r.top + r.height / 2);
    }),
  );
  assert.ok(Math.max(...middles) - Math.min(...middles) <= 4, `${what}: the toolbar is one row: ${middles}`);
}

async function designerAtDefaultSize(page) {
  await page.locator(".react-flow__minimap").waitFor();
  await until(async () => (await page.locator(".react-flow__viewport").getAttribute("style"))?.includes("scale"), "the view fitted");
  await minimapClearOfNodes(page, "opened");
  await toolbarIsOneRow(page, "cart_recovery");
  await shot(page, "designer");
  await page.locator('[data-testid="test-toggle"]').click();
  const panel = page.locator('[data-testid="test-panel"]');
  await inWindow(panel.locator('[data-testid="run-test"]'), "Run");
  await inWindow(panel.locator('[data-testid="step-start"]'), "Step through");
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  assert.ok(canvas.height >= 250, `the canvas keeps room to work: ${canvas.height}px`);
  await minimapClearOfNodes(page, "with the test panel");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no horizontal scroll");
  return panel;
}

const pointer = (p) => `[data-pointer="${p}"]`;

async function schemaForm(page, panel) {
  const json = panel.locator('[data-testid="test-payload"]');
  const payload = async () => JSON.parse(await json.inputValue());
  const input = (p) => panel.locator(`[data-testid="form-input"]${pointer(p)}`);
  const field = (p) => panel.locator(`[data-testid="form-field"]${pointer(p)}`);

  // Typed inputs, pre-filled from the example.
  assert.equal(await input("/cart/total").getAttribute("type"), "number");
  assert.equal(await input("/cart/total").inputValue(), "84.5");
  assert.equal(await input("/cart/items/0/quantity").getAttribute("type"), "number");
  assert.equal(await input("/cart/items/0/quantity").getAttribute("step"), "1");
  assert.equal(await input("/abandonedAt").getAttribute("type"), "datetime-local");
  assert.equal(await input("/abandonedAt").inputValue(), "2026-01-15T09:30");
  assert.equal(await input("/email").inputValue(), "ada@example.com");
  assert.equal(await field("/cart").evaluate((el) => el.tagName), "FIELDSET", "an object is a fieldset");
  // Required marks.
  for (const p of ["/email", "/abandonedAt", "/cart", "/cart/total"]) assert.equal(await field(p).locator('> label [data-testid="required-mark"], > legend [data-testid="required-mark"]').count(), 1, `${p} marked required`);
  for (const p of ["/cart/currency", "/cart/items"]) assert.equal(await field(p).locator('> label [data-testid="required-mark"], > legend [data-testid="required-mark"]').count(), 0, `${p} optional`);
  assert.equal(await input("/email").getAttribute("aria-required"), "true");

  // Form → JSON.
  await input("/cart/total").fill("120");
  await until(async () => (await payload()).cart.total === 120, "total in the JSON");
  await input("/abandonedAt").fill("2026-02-01T08:15");
  await until(async () => (await payload()).abandonedAt === "2026-02-01T08:15:00Z", "UTC instant in the JSON");
  await panel.getByRole("button", { name: "Add a row to items" }).click();
  await waitForCount(page, `[data-testid="test-panel"] ${pointer("/cart/items")} [data-testid="form-row"]`, 2);
  await until(async () => (await payload()).cart.items.length === 2, "a row added in the JSON");
  await input("/cart/items/1/sku").fill("SKU-2");
  await until(async () => (await payload()).cart.items[1].sku === "SKU-2", "the new row's sku");
  await panel.getByRole("button", { name: "Remove items 1" }).click();
  await waitForCount(page, `[data-testid="test-panel"] ${pointer("/cart/items")} [data-testid="form-row"]`, 1);
  assert.deepEqual((await payload()).cart.items.map((i) => i.sku), ["SKU-2"], "the first row removed");

  // JSON → form.
  const edited = { ...(await payload()), email: "grace@example.com", cart: { total: 12.5, currency: "USD", items: [] } };
  await json.fill(JSON.stringify(edited, null, 2));
  await until(async () => (await input("/cart/total").inputValue()) === "12.5", "total in the form");
  assert.equal(await input("/email").inputValue(), "grace@example.com");
  await waitForCount(page, `[data-testid="test-panel"] ${pointer("/cart/items")} [data-testid="form-row"]`, 0);

  // Invalid JSON says where, and the form waits for it.
  await json.fill('{\n  "email": ');
  const problem = panel.locator('[data-testid="test-payload-json-error"]');
  await problem.waitFor();
  assert.match(await problem.innerText(), /^Invalid JSON: Line 2, column \d+/);
  assert.equal(await panel.locator('[data-testid="schema-form"]').evaluate((el) => el.disabled), true, "the form waits for valid JSON");
  await json.fill(JSON.stringify(edited, null, 2));
  await waitForCount(page, '[data-testid="test-payload-json-error"]', 0);

  // A payload Rust refuses: each field's JSON path, beside the form and on the field.
  const refusable = { ...edited, cart: { ...edited.cart, total: "lots" } };
  delete refusable.email;
  await json.fill(JSON.stringify(refusable, null, 2));
  await until(async () => (await input("/cart/total").getAttribute("data-mismatch")) === "true", "a text box for the wrong value");
  await panel.locator('[data-testid="run-test"]').click();
  const errors = panel.locator('[data-testid="test-payload-errors"]');
  await errors.waitFor();
  assert.match(await errors.innerText(), /\/cart\/total "lots" is not of type "number"/);
  assert.match(await errors.innerText(), /\/email required, and missing/);
  assert.equal(await field("/cart/total").getAttribute("data-invalid"), "true");
  assert.equal(await input("/cart/total").getAttribute("aria-invalid"), "true");
  assert.match(await field("/cart/total").locator('[data-testid="form-field-errors"]').innerText(), /not of type "number"/);
  assert.equal(await field("/email").getAttribute("data-invalid"), "true");
  assert.equal(await field("/cart/currency").getAttribute("data-invalid"), null, "only the named fields");
  // Corrected in the form, the marks go (the refusal was about the payload sent).
  await input("/cart/total").fill("30");
  await waitForCount(page, '[data-testid="test-payload-errors"]', 0);
  assert.equal(await field("/cart/total").getAttribute("data-invalid"), null);
}

async function reactionEvents(page, panel, session, calls) {
  const button = (id) => panel.locator(`[data-testid="${id}"]`);
  const lit = (id) => page.locator(`[data-testid="canvas-node"][data-id="${id}"][data-lit="true"]`);

  await button("step-start").click();
  await button("step-clock").waitFor();
  await inWindow(button("step-next"), "Step");
  const waiting = panel.locator(`[data-testid="waiting-reaction"][data-person="${PERSON}"][data-node="redeemed"]`);
  await waiting.waitFor();
  assert.match(await waiting.innerText(), new RegExp(`coupon_redeemed.*${TIMEOUT_AT}`, "s"));
  await lit("redeemed").waitFor();
  await waiting.click();
  const sender = panel.locator('[data-testid="reaction-sender"]');
  await sender.waitFor();
  const at = sender.locator('[data-testid="reaction-at"]');
  assert.equal(await at.inputValue(), NOW, "the session's now by default");
  assert.match(await sender.locator('[data-testid="reaction-path-note"]').innerText(), /Before the timeout \(2026-01-12T09:00:00Z\)/);
  const json = sender.locator('[data-testid="reaction-payload"]');
  assert.equal(JSON.parse(await json.inputValue()).couponCode, "GOLD-2026", "the example payload");
  assert.equal(await sender.locator(`[data-testid="form-input"]${pointer("/couponCode")}`).inputValue(), "GOLD-2026", "in the form too");

  // Not before the clock: refused in place, nothing sent.
  await at.fill("2026-01-04T09:00");
  assert.match(await sender.locator('[data-testid="reaction-path-note"]').innerText(), /cannot be sent in the past/);
  await button("reaction-send").click();
  await sender.locator('[data-testid="reaction-error"]').waitFor();
  assert.equal(session.sent.length, 0);

  // A payload that does not fit: Rust's paths beside the form, the field marked.
  await at.fill("2026-01-06T10:00");
  await json.fill(JSON.stringify({ eventType: "coupon.redeemed", customerId: PERSON, couponCode: 42 }, null, 2));
  await button("reaction-send").click();
  await sender.locator('[data-testid="reaction-payload-errors"]').waitFor();
  assert.match(await sender.locator('[data-testid="reaction-payload-errors"]').innerText(), /\/couponCode 42 is not of type "string"/);
  assert.equal(await sender.locator(`[data-testid="form-field"]${pointer("/couponCode")}`).getAttribute("data-invalid"), "true");

  // Sent before the timeout: the call's arguments, then a step lights the next path.
  await sender.locator(`[data-testid="form-input"]${pointer("/couponCode")}`).fill("GOLD-2026");
  await button("reaction-send").click();
  await sender.locator('[data-testid="reaction-sent"]').waitFor();
  const sent = calls.filter((c) => c.cmd === "session_send_reaction").at(-1).args;
  assert.deepEqual(sent, {
    person: PERSON,
    event: "coupon_redeemed",
    at: "2026-01-06T10:00:00Z",
    payload: { eventType: "coupon.redeemed", customerId: PERSON, couponCode: "GOLD-2026" },
  });
  await panel.locator('[data-testid="step-next-at"]', { hasText: "2026-01-06T10:00:00Z" }).waitFor();
  await button("step-next").click();
  await lit("to_vip").waitFor();
  assert.equal(await lit("end_no_redeem").count(), 0);
  await waitForCount(page, '[data-testid="waiting-reaction"]', 0);
  await shot(page, "designer-test");

  // Again, sent after the timeout: the timeout path.
  await button("step-stop").click();
  await button("step-start").click();
  await waiting.click();
  await at.fill("2026-01-13T09:00");
  assert.match(await sender.locator('[data-testid="reaction-path-note"]').innerText(), /After the timeout \(2026-01-12T09:00:00Z\)/);
  await button("reaction-send").click();
  await sender.locator('[data-testid="reaction-sent"]').waitFor();
  assert.equal(calls.filter((c) => c.cmd === "session_send_reaction").at(-1).args.at, "2026-01-13T09:00:00Z");
  await button("step-run").click();
  await lit("end_no_redeem").waitFor();
  assert.equal(await lit("to_vip").count(), 0);
}

const server = await serveDir(distDir);
const { context, page, close } = await launchChromium({ viewport: VIEWPORT });
const mock = backend();
let failed = false;
try {
  // With Tauri's event plugin: the home screen listens for `pushes-changed`.
  const { calls } = await mockIpcWithEvents(context, mock.handle);
  page.on("pageerror", (e) => {
    failed = true;
    console.error("page error:", e);
  });
  await page.goto(server.url);
  await homeAtDefaultSize(page);
  await openJourney(page, server.url, CART);
  const cartPanel = await designerAtDefaultSize(page);
  await schemaForm(page, cartPanel);
  await openJourney(page, server.url, LOYALTY);
  await toolbarIsOneRow(page, "loyalty_upgrade");
  await page.locator('[data-testid="test-toggle"]').click();
  await reactionEvents(page, page.locator('[data-testid="test-panel"]'), mock.state.session, calls);
  assert.deepEqual(mock.state.unknown, [], "every command the UI sent is known");
  assert.equal(failed, false, "no page errors");
  console.log("testmode: 1 passed, 0 failed");
} catch (e) {
  await page.screenshot({ path: join(artifactsDir, "testmode-failure.png") }).catch(() => {});
  throw e;
} finally {
  await close();
  await server.close();
}
