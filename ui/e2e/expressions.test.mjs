// Browser test of the expression editor, in the system Chromium at the window's default
// size (1200×800): serves the built app (run `npm run build` first) and opens the sample
// journey of journeyHelp.mjs (cart_recovery with a reaction to order_paid), `journey_help`
// answered by the harness as Rust would for it. Checks that the field picker lists what
// Rust says is in scope at the selected activity (grouped, typed, only the actions
// upstream), that typing completes paths and functions (signature, doc, the call
// inserted), that Rust is asked again for the edited draft, that the event form's ID
// condition has the same editor over the event's own payload, and that a role without
// the permission sees the editors read-only with the reason. Run with `npm run
// test:expressions`. The screenshot goes to ../tests/artifacts/expressions.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { artifactsDir, distDir, launchChromium, mockIpcWithEvents, serveDir, until, userWithRole, waitForCount } from "./harness.mjs";
import { sampleCatalog, sampleJourney, SAMPLE_JOURNEY } from "./journeyHelp.mjs";

const journey = sampleJourney();
const version = journey.versions.at(-1);

function backend() {
  const state = { unknown: [] };
  const configs = (list) => list.map((c) => ({ name: c.name, description: c.description ?? "", usedIn: 1 }));
  const handle = (cmd, args) => {
    switch (cmd) {
      case "overview":
        return {
          databasePath: "/tmp/parcours-expressions.sqlite",
          journeys: [
            {
              name: SAMPLE_JOURNEY,
              description: journey.description ?? "",
              latestVersion: version.version,
              status: "draft",
              state: "draft",
              activities: version.nodes.length,
              updatedAt: "2026-01-01T00:00:00Z",
              errors: 0,
              warnings: 0,
            },
          ],
          events: configs(sampleCatalog.events),
          dataSources: configs(sampleCatalog.dataSources),
          actions: configs(sampleCatalog.actions),
        };
      case "get_journey":
        if (args.name !== SAMPLE_JOURNEY) throw { code: "NOT_FOUND", message: `journey '${args.name}' not found` };
        return journey;
      case "save_journey":
      case "validate_journey":
      case "validate_draft":
      case "check_event":
      case "list_test_profiles":
      case "list_fixtures":
      case "list_runners":
      case "list_pushes":
      case "journey_runners":
        return [];
      case "list_events":
        return sampleCatalog.events;
      case "list_actions":
        return sampleCatalog.actions;
      case "list_data_sources":
        return sampleCatalog.dataSources;
      case "secrets_overview":
        return { store: { kind: "keychain" }, secrets: [] };
      default:
        state.unknown.push(cmd);
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);
const node = (page, id) => page.locator(`[data-testid="canvas-node"][data-id="${id}"]`);
const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd);

async function openJourney(page, url) {
  await page.goto(url);
  await page.locator(`[data-testid="journey-row"][data-name="${SAMPLE_JOURNEY}"] [data-testid="open-journey"]`).click();
  await waitForCount(page, '[data-testid="canvas-node"]', version.nodes.length);
}

async function select(page, id) {
  await node(page, id).click();
  const inspector = page.locator(`[data-testid="inspector"][data-node="${id}"]`);
  await inspector.waitFor();
  return inspector;
}

/** The picker's groups as `label: path : type, …`, once Rust's answer (with its lookup group) is on screen. */
async function pickerGroups(picker) {
  await picker.locator('optgroup[label="Lookup orders.byCart"]').waitFor({ state: "attached" });
  return picker.locator("optgroup").evaluateAll((groups) =>
    groups.map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.textContent)]),
  );
}

async function pickerShowsRustScope(page) {
  const inspector = await select(page, "still_unpaid");
  const picker = inspector.locator('[data-testid="field-picker"]');
  const groups = await pickerGroups(picker);
  assert.deepEqual(
    groups.map(([label]) => label),
    ["Entry event cart_abandoned", "Event cart_abandoned", "Lookup orders.byCart", "Journey", "Clock"],
    "the entry event, the events received, the lookup, the journey and the clock; no action upstream yet",
  );
  const options = Object.fromEntries(groups);
  assert.ok(options["Entry event cart_abandoned"].includes("event.cart.total : double"), "each path with its type");
  assert.ok(options["Lookup orders.byCart"].includes("data.orders.byCart.paid : bool"));
  assert.deepEqual(options.Clock, ["now : timestamp"]);
  assert.ok(options.Journey.includes("journey.timeZone : string"));

  // After the reminder and the payment: the action's response and the reaction's event.
  const later = await select(page, "paid_big");
  const laterGroups = (await pickerGroups(later.locator('[data-testid="field-picker"]'))).map(([label]) => label);
  assert.deepEqual(laterGroups, [
    "Entry event cart_abandoned",
    "Event cart_abandoned",
    "Event order_paid",
    "Action send_reminder",
    "Lookup orders.byCart",
    "Journey",
    "Clock",
  ]);
  // The picker inserts at the caret.
  const expression = later.locator('[data-testid="expression-input"][data-path="activity.paths[0].expression"]');
  await expression.fill("");
  await later.locator('[data-testid="field-picker"]').selectOption("actions.send_reminder.ok");
  assert.equal(await expression.inputValue(), "actions.send_reminder.ok");
}

async function completesPathsAndFunctions(page, calls) {
  const inspector = await select(page, "still_unpaid");
  const expression = inspector.locator('[data-testid="expression-input"][data-path="activity.paths[0].expression"]');
  const options = inspector.locator('.suggestions [role="option"]');

  // A path: the lookup's fields, each with its type.
  await expression.fill("");
  await expression.pressSequentially("data.or");
  await options.first().waitFor();
  assert.deepEqual(
    await options.evaluateAll((os) => os.map((o) => [o.dataset.value, o.querySelector(".suggestion-type")?.textContent])),
    [
      ["data.orders.byCart", "object"],
      ["data.orders.byCart.orderId", "string"],
      ["data.orders.byCart.paid", "bool"],
      ["data.orders.byCart.total", "double"],
      ["data.orders.byCart.updatedAt", "timestamp"],
    ],
  );
  await inspector.locator('.suggestions [role="option"][data-value="data.orders.byCart.paid"]').dispatchEvent("mousedown");
  assert.equal(await expression.inputValue(), "data.orders.byCart.paid");
  await waitForCount(page, '.suggestions:not([hidden])', 0);

  // A function: its signature and doc, then the call inserted with the caret inside.
  await expression.fill("now < ");
  await expression.press("End");
  await expression.pressSequentially("addD");
  const addDays = inspector.locator('.suggestions [role="option"][data-kind="function"][data-value="addDays"]');
  await addDays.waitFor();
  assert.equal(await addDays.locator(".suggestion-label").innerText(), "addDays(t: timestamp, n: int, zone: zone) → timestamp");
  assert.match(await addDays.locator(".suggestion-doc").innerText(), /same local time `n` days later/);
  assert.equal(await expression.getAttribute("aria-activedescendant"), await addDays.getAttribute("id"), "the keyboard is on it");
  await expression.press("Enter");
  assert.equal(await expression.inputValue(), "now < addDays()");
  assert.equal(await expression.evaluate((el) => el.selectionStart), "now < addDays(".length, "the caret between the parentheses");
  const hint = inspector.locator('[data-testid="signature-hint"]');
  await hint.waitFor();
  assert.match(await hint.innerText(), /addDays\(t: timestamp, n: int, zone: zone\) → timestamp argument t/);
  await expression.pressSequentially("event.abandonedAt, 1, ");
  await until(async () => /argument zone/.test(await hint.innerText()), "the hint follows the argument");
  await expression.pressSequentially("journey.timeZone");
  assert.equal(await expression.inputValue(), "now < addDays(event.abandonedAt, 1, journey.timeZone)");
  const described = (await expression.getAttribute("aria-describedby")) ?? "";
  assert.ok(described.split(" ").includes(await hint.getAttribute("id")), "the hint describes the field");

  // The function picker inserts a call too.
  await expression.fill("");
  await inspector.locator('[data-testid="function-picker"]').selectOption("lower");
  assert.equal(await expression.inputValue(), "lower()");

  // Rust was asked again for the edited draft, and its answer kept on screen meanwhile.
  await expression.fill("data.orders.byCart.paid == false");
  await until(
    () =>
      called(calls, "journey_help").some((c) =>
        c.args.journey.versions.at(-1).nodes.some((n) => n.id === "still_unpaid" && n.activity.paths[0].expression === "data.orders.byCart.paid == false"),
      ),
    "journey_help for the edited draft",
  );
  assert.ok(await inspector.locator('[data-testid="field-picker"] optgroup[label="Lookup orders.byCart"]').count(), "the picker kept Rust's groups");

  // At the window's size nothing spills sideways: the open suggestions stay in the inspector.
  await expression.fill("");
  await expression.pressSequentially("add");
  const list = inspector.locator(".suggestions");
  await list.waitFor();
  const box = await list.boundingBox();
  const side = await inspector.boundingBox();
  assert.ok(box.x >= side.x - 1 && box.x + box.width <= side.x + side.width + 1, "suggestions within the inspector");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no horizontal scroll");
  await page.screenshot({ path: join(artifactsDir, "expressions.png") });
  await expression.press("Escape");
  await expression.fill("data.orders.byCart.paid == false");
}

async function eventConditionHasTheEditor(page, calls) {
  await byTestId(page, "back").click();
  await page.locator(`[data-testid="journey-row"][data-name="${SAMPLE_JOURNEY}"]`).waitFor();
  await page.locator('[data-testid="manage-config"][data-kind="event"]').click();
  await byTestId(page, "config-screen").waitFor();
  await page.locator('[data-testid="config-edit"]').first().click();
  const form = byTestId(page, "event-form");
  await form.waitFor();

  const condition = form.locator('[data-testid="recognition-condition"]');
  assert.equal(await condition.inputValue(), 'event.eventType == "cart.abandoned"');
  const picker = form.locator('[data-testid="field-picker"]');
  await picker.locator('option[value="event.cart.total"]').waitFor({ state: "attached" });
  const groups = await picker.locator("optgroup").evaluateAll((gs) => gs.map((g) => g.label));
  assert.deepEqual(groups, ["Event cart_abandoned"], "the event's own payload, as the condition reads it");
  assert.equal(await picker.locator('option[value="event.cart.total"]').textContent(), "event.cart.total : double");
  assert.equal(await picker.locator('option[value="event.abandonedAt"]').textContent(), "event.abandonedAt : timestamp");

  // Paths and functions complete as in the designer.
  await condition.fill("");
  await condition.pressSequentially("event.ca");
  const options = form.locator('.suggestions [role="option"]');
  await options.first().waitFor();
  assert.deepEqual(await options.evaluateAll((os) => os.map((o) => o.dataset.value)), ["event.cart", "event.cart.currency", "event.cart.items", "event.cart.total", "event.cartId"]);
  await condition.press("Escape");
  await condition.fill("");
  await condition.pressSequentially("low");
  const lower = form.locator('.suggestions [role="option"][data-kind="function"][data-value="lower"]');
  await lower.waitFor();
  assert.match(await lower.locator(".suggestion-label").innerText(), /^lower\(s: string\) → string$/);
  await condition.press("Enter");
  assert.equal(await condition.inputValue(), "lower()");
  await picker.selectOption("event.eventType");
  assert.equal(await condition.inputValue(), "lower(event.eventType)");
  await condition.press("End");
  await condition.pressSequentially(' == "cart.abandoned"');

  // The functions came from Rust without a journey; the condition is checked by Rust as typed.
  assert.ok(called(calls, "journey_help").some((c) => c.args.journey.versions.length === 0), "functions asked without a journey");
  await until(() => called(calls, "check_event").some((c) => c.args.event.recognition.condition === 'lower(event.eventType) == "cart.abandoned"'), "checked by Rust");
}

async function readOnlyForAViewer(url) {
  const browser = await launchChromium({ viewport: { width: 1200, height: 800 } });
  try {
    const { state, handle } = backend();
    await mockIpcWithEvents(browser.context, handle, { user: userWithRole("vera", "viewer") });
    const { page } = browser;
    await openJourney(page, url);
    const inspector = await select(page, "still_unpaid");
    const expression = inspector.locator('[data-testid="expression-input"]').first();
    await inspector.locator('[data-testid="field-picker"] optgroup[label="Lookup orders.byCart"]').first().waitFor({ state: "attached" });
    assert.equal(await expression.isDisabled(), true, "the expression is read-only");
    assert.equal(await inspector.locator('[data-testid="field-picker"]').first().isDisabled(), true, "so is the picker");
    assert.match(await byTestId(page, "read-only").innerText(), /\S/, "with the reason on screen");
    assert.deepEqual(state.unknown, [], "no command the mock does not know");
  } finally {
    await browser.close();
  }
}

async function main() {
  readFileSync(join(distDir, "index.html")); // fails early when `npm run build` has not run
  let server;
  let browser;
  try {
    server = await serveDir(distDir);
    browser = await launchChromium({ viewport: { width: 1200, height: 800 } });
    const { state, handle } = backend();
    // With Tauri's event plugin: the home screen listens for `pushes-changed`.
    const { calls } = await mockIpcWithEvents(browser.context, handle);
    const { page } = browser;
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await openJourney(page, server.url);
      await pickerShowsRustScope(page);
      await completesPathsAndFunctions(page, calls);
      await eventConditionHasTheEditor(page, calls);
    } catch (e) {
      await page.screenshot({ path: join(artifactsDir, "expressions-failure.png") }).catch(() => {});
      throw e;
    }
    assert.deepEqual(state.unknown, [], "no command the mock does not know");
    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    await readOnlyForAViewer(server.url);
    console.log("expressions browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
