// Browser test of the journey's properties, data lookups, condition error paths and jump
// targets on the canvas, in the system Chromium at the window's default size (1200×800):
// serves the built app (run `npm run build` first), opens the cart_recovery journey of
// ../examples as a draft with IPC answered from this process (harness.mjs, every call
// recorded), edits each property and sees Rust's diagnostics (canned by the mock from
// what was sent) appear and clear under their field, adds a lookup, checks undo and what
// save_journey received; then a viewer sees the panel read-only with the reason. Run
// with `npm run test:journey`. Screenshots go to ../tests/artifacts/journey-*.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { artifactsDir, distDir, launchChromium, mockIpcWithEvents, serveDir, uiDir, until, userWithRole, waitForCount } from "./harness.mjs";

const example = (file) => JSON.parse(readFileSync(resolve(uiDir, `../examples/${file}.parcours.json`), "utf8"));
const cart = example("cart_abandonment");
const loyalty = example("loyalty_upgrade");
const welcome = example("welcome_series");
const JOURNEY = "cart_recovery";
const DAY = 86_400;

// The journey as a draft with no lookup yet, and a jump to a journey an old bundle named.
const journey = structuredClone(cart.journeys.find((j) => j.name === JOURNEY));
for (const v of journey.versions) v.status = "draft";
const version = journey.versions.at(-1);
delete version.data;
version.nodes.push({ id: "jump_old", position: { x: 320, y: 140 }, activity: { type: "jump", journey: "retired_journey" } });
assert.equal(version.properties.globalTimeoutSeconds, 91 * DAY, "the example starts at 91 days");

const others = {
  vip_onboarding: loyalty.journeys.find((j) => j.name === "vip_onboarding"),
  welcome_series: welcome.journeys.find((j) => j.name === "welcome_series"),
};
assert.equal(others.vip_onboarding.versions.at(-1).status, "live");
assert.equal(others.welcome_series.versions.at(-1).status, "draft");

const summary = (j) => {
  const latest = j.versions.at(-1);
  const live = j.versions.filter((v) => v.status === "live").at(-1);
  return {
    name: j.name,
    description: j.description ?? "",
    latestVersion: latest.version,
    status: latest.status,
    state: latest.status,
    ...(live ? { liveVersion: live.version } : {}),
    activities: latest.nodes.length,
    updatedAt: "2026-01-01T00:00:00Z",
    errors: 0,
    warnings: 0,
  };
};

const ZONES = new Set(["UTC", "Europe/Paris", "America/New_York"]);

// Rust's validation, as far as this screen goes: canned rules that answer from what was
// sent, so that where each diagnostic lands is what is tested.
function diagnose(j) {
  const v = j.versions.at(-1);
  const p = v.properties;
  const object = `journey:${j.name}`;
  const out = [];
  const push = (path, code, severity, message, node) => out.push({ object, path, code, severity, message, ...(node ? { node } : {}) });
  if (p.globalTimeoutSeconds === 0 || p.globalTimeoutSeconds > 91 * DAY) {
    push("properties.globalTimeoutSeconds", "E_GLOBAL_TIMEOUT_RANGE", "error", "the global timeout must be between 1 second and 91 days");
  }
  const zone = p.timeZone.kind === "fixed" ? ["properties.timeZone.zone", p.timeZone.zone] : ["properties.timeZone.fallback", p.timeZone.fallback];
  if (!ZONES.has(zone[1])) push(zone[0], "E_TIME_ZONE", "error", `\`${zone[1]}\` is not an IANA time zone`);
  (v.data ?? []).forEach((b, i) => {
    if (!b.parameters.cartId) push(`data[${i}].parameters.cartId`, "E_DATA_PARAM_UNMAPPED", "error", `parameter \`cartId\` of \`${b.source}.${b.group}\` needs a value`);
  });
  for (const n of v.nodes) {
    if (n.activity.type !== "jump") continue;
    const target = n.activity.journey;
    if (target === "welcome_series") push("activity.journey", "W_JUMP_TARGET_UNPUBLISHED", "warning", `\`${target}\` has no published version yet: the jump works once it is published`, n.id);
    else if (!others[target]) push("activity.journey", "E_JUMP_TARGET_UNKNOWN", "error", `there is no journey \`${target}\``, n.id);
  }
  return out;
}

function backend() {
  const state = { unknown: [] };
  const handle = (cmd, args) => {
    switch (cmd) {
      case "overview":
        return {
          databasePath: "/tmp/parcours-journey.sqlite",
          journeys: [summary(journey), summary(others.vip_onboarding), summary(others.welcome_series)],
          events: [],
          dataSources: [],
          actions: [],
        };
      case "get_journey": {
        const found = args.name === JOURNEY ? journey : others[args.name];
        if (!found) throw { code: "NOT_FOUND", message: `journey '${args.name}' not found` };
        return found;
      }
      case "validate_journey":
        return diagnose(journey);
      case "validate_draft":
      case "save_journey":
        return diagnose(args.journey);
      case "list_events":
        return cart.events;
      case "list_actions":
        return cart.actions;
      case "list_data_sources":
        return cart.dataSources;
      // The home screen's runners panel and push indicators (e2e/runners.test.mjs tests them).
      case "list_runners":
      case "list_pushes":
        return [];
      default:
        state.unknown.push(cmd);
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd);
const fieldErrors = (scope, path) => scope.locator(`.field-errors[data-path="${path}"] [data-testid="field-error"]`);

async function openJourney(page, url) {
  await page.goto(url);
  await page.locator(`[data-testid="journey-row"][data-name="${JOURNEY}"] [data-testid="open-journey"]`).click();
  await waitForCount(page, '[data-testid="canvas-node"]', version.nodes.length);
  await page.locator('[data-testid="properties-toggle"]').click();
  const panel = page.locator('[data-testid="properties-panel"]');
  await panel.waitFor();
  assert.equal(await page.locator('[data-testid="properties-toggle"]').getAttribute("aria-pressed"), "true");
  assert.equal(await page.locator('[data-testid="inspector"]').count(), 0, "the panel takes the inspector's place");
  return panel;
}

/** Nothing scrolls sideways: not the page, not the panel. */
async function fitsTheWindow(page, panel) {
  const page_ = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
  assert.ok(page_.scroll <= page_.width, `the page scrolls sideways (${page_.scroll} > ${page_.width})`);
  const box = await panel.evaluate((el) => ({ scroll: el.scrollWidth, width: el.clientWidth }));
  assert.ok(box.scroll <= box.width, `the panel scrolls sideways (${box.scroll} > ${box.width})`);
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  assert.ok(canvas && canvas.width >= 500, "the canvas keeps room beside the panel");
}

async function editWordsAndProperties(page, panel, calls) {
  await panel.getByLabel("Description").fill("Win back abandoned carts");
  const tag = panel.getByLabel("Tags", { exact: true });
  await tag.fill("black-friday");
  await tag.press("Enter");
  await tag.fill("retention");
  await panel.locator('[data-testid="tag-add"]').click();
  await waitForCount(page, '[data-testid="tag"]', 2);
  await panel.getByRole("button", { name: "Remove tag black-friday" }).click();
  await waitForCount(page, '[data-testid="tag"]', 1);
  assert.equal(await panel.locator('[data-testid="tag"]').getAttribute("data-tag"), "retention");

  // Re-entrance: never, then after a wait (Rust's 5 minutes to start), set to 2 hours.
  const reentrance = panel.locator('[data-testid="reentrance"]');
  await reentrance.getByLabel("Never").check();
  assert.equal(await reentrance.getByLabel("Wait before re-entry", { exact: true }).count(), 0, "no wait when never");
  await reentrance.getByLabel("After a wait").check();
  const wait = reentrance.getByLabel("Wait before re-entry", { exact: true });
  assert.equal(await wait.inputValue(), "5");
  assert.equal(await reentrance.getByLabel("Wait before re-entry unit").inputValue(), "minutes");
  await reentrance.getByLabel("Wait before re-entry unit").selectOption("hours");
  await wait.fill("2");

  // The global timeout is checked by Rust as you type: the diagnostic comes and goes.
  const timeout = panel.getByLabel("Global timeout (a person still inside is removed)", { exact: true });
  assert.equal(await timeout.inputValue(), "91");
  await timeout.fill("100");
  const timeoutErrors = fieldErrors(panel, "properties.globalTimeoutSeconds");
  await timeoutErrors.waitFor();
  assert.match(await timeoutErrors.innerText(), /E_GLOBAL_TIMEOUT_RANGE\s+the global timeout must be between 1 second and 91 days/);
  assert.equal(await timeout.getAttribute("aria-invalid"), "true");
  assert.ok(called(calls, "validate_draft").some((c) => c.args.journey.versions.at(-1).properties.globalTimeoutSeconds === 100 * DAY));
  await page.screenshot({ path: join(artifactsDir, "journey-properties.png") });
  await timeout.fill("30");
  await waitForCount(page, '.field-errors[data-path="properties.globalTimeoutSeconds"]', 0);
  assert.equal(await timeout.getAttribute("aria-invalid"), null);

  // Time zone: a typo is Rust's E_TIME_ZONE under the zone; from a field keeps the zone as fallback.
  const zone = panel.locator('[data-testid="time-zone"]');
  await zone.getByLabel("Zone (IANA)").fill("Europe/Pariss");
  await fieldErrors(panel, "properties.timeZone.zone").waitFor();
  await zone.getByLabel("Zone (IANA)").fill("America/New_York");
  await waitForCount(page, '.field-errors[data-path="properties.timeZone.zone"]', 0);
  await zone.getByLabel("From a field of the entry event").check();
  assert.equal(await zone.getByLabel("Fallback zone (IANA)").inputValue(), "America/New_York");
  const suggested = await zone.locator("datalist option").evaluateAll((os) => os.map((o) => o.value));
  assert.ok(suggested.includes("cart.currency") && !suggested.includes("cart.total"), "the event's string fields are suggested");
  await zone.getByLabel("Entry event field").fill("cart.currency");

  // Dates, in UTC; each its own undo step, and undo restores the property.
  await panel.getByLabel("Start (UTC, optional)").fill("2026-11-27T00:00");
  await panel.getByLabel("End (UTC, optional)").fill("2026-12-01T09:30");
  await page.locator('[data-testid="undo"]').click();
  await until(async () => (await panel.getByLabel("End (UTC, optional)").inputValue()) === "", "undo clears the end date");
  assert.equal(await panel.getByLabel("Start (UTC, optional)").inputValue(), "2026-11-27T00:00", "only the last step undone");
  await page.locator('[data-testid="redo"]').click();
  await until(async () => (await panel.getByLabel("End (UTC, optional)").inputValue()) === "2026-12-01T09:30", "redo");
}

async function addLookup(page, panel) {
  const lookups = panel.locator('[data-testid="data-lookups"]');
  const choice = lookups.getByLabel("Add a lookup (data source and field group)");
  await until(async () => (await choice.locator("option").count()) > 1, "data sources listed");
  assert.deepEqual(await choice.locator("option").allInnerTexts(), ["Choose a field group…", "orders.byCart (cartId)"]);
  await choice.selectOption("orders/byCart");
  await lookups.locator('[data-testid="lookup-add"]').click();
  const card = lookups.locator('[data-testid="lookup"][data-key="orders/byCart"]');
  await card.waitFor();
  assert.match(await card.innerText(), /data\.orders\.byCart\.field/);
  assert.equal(await choice.locator('option[value="orders/byCart"]').isDisabled(), true, "a group is looked up once");

  // Its parameter is unmapped: Rust says so under it, until an expression is given.
  const param = card.locator('[data-testid="expression-input"][data-path="data[0].parameters.cartId"]');
  await fieldErrors(card, "data[0].parameters.cartId").waitFor();
  assert.match(await fieldErrors(card, "data[0].parameters.cartId").innerText(), /E_DATA_PARAM_UNMAPPED/);
  await param.fill("event.cartId");
  await waitForCount(page, '.field-errors[data-path="data[0].parameters.cartId"]', 0);

  // The default is JSON: what does not parse is refused with a message and not saved.
  const fallback = card.getByLabel("Default value (JSON, optional)");
  assert.match(await card.innerText(), /Used when the lookup fails — an error, a 404, a timeout/);
  await fallback.fill('{"paid": ');
  const refused = card.locator('[data-testid="lookup-default-error"]');
  await refused.waitFor();
  assert.match(await refused.innerText(), /Not valid JSON, not saved/);
  assert.equal(await fallback.getAttribute("aria-invalid"), "true");
  await fallback.fill('{"paid": false}');
  await waitForCount(page, '[data-testid="lookup-default-error"]', 0);
}

async function conditionErrorPath(page) {
  const node = page.locator('[data-testid="canvas-node"][data-id="still_unpaid"]');
  const errorHandle = node.locator('.react-flow__handle[data-handleid="error"]');
  assert.equal(await errorHandle.count(), 0, "no error port yet");
  await node.click();
  const inspector = page.locator('[data-testid="inspector"][data-node="still_unpaid"]');
  await inspector.waitFor();
  assert.equal(await page.locator('[data-testid="properties-panel"]').count(), 0, "choosing an activity brings the inspector back");
  await inspector.getByLabel("Add an error path, taken when a data lookup its paths read fails").check();
  await errorHandle.waitFor();
  const ports = await node.locator(".react-flow__handle.source").evaluateAll((hs) => hs.map((h) => h.dataset.handleid));
  assert.deepEqual(ports.slice(-2), ["other", "error"], "error comes last, after other");
  await inspector.locator('[data-testid="port-target"][data-port="error"]').selectOption("end_paid");
  // Drawn on the canvas: the port added in place was measured by React Flow.
  await page.locator('[data-testid="rf__edge-still_unpaid:error->end_paid"]').waitFor();
}

async function jumpTarget(page) {
  await page.locator('[data-testid="canvas-node"][data-id="jump_old"]').click();
  const inspector = page.locator('[data-testid="inspector"][data-node="jump_old"]');
  const select = inspector.getByLabel("Journey", { exact: true });
  await until(async () => (await select.locator("option").count()) === 4, "journeys listed");
  assert.deepEqual(await select.locator("option").allInnerTexts(), [
    "Choose a journey…",
    "retired_journey (missing)",
    "vip_onboarding (entry: vip_nominated)",
    "welcome_series (entry: user_signed_up, not published yet)",
  ]);
  assert.equal(await select.inputValue(), "retired_journey", "an unknown target stays visible");
  await select.selectOption("welcome_series");
  const warning = fieldErrors(inspector, "activity.journey");
  await until(async () => /W_JUMP_TARGET_UNPUBLISHED/.test((await warning.allInnerTexts()).join(" ")), "the unpublished warning");
  assert.equal(await select.locator('option[value="retired_journey"]').count(), 0, "the missing target is gone once replaced");
}

async function savedJourney(page, calls) {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  const saved = called(calls, "save_journey").at(-1).args.journey;
  assert.equal(saved.description, "Win back abandoned carts");
  assert.deepEqual(saved.tags, ["retention"]);
  const v = saved.versions.at(-1);
  assert.deepEqual(v.properties, {
    reentrance: { mode: "afterWait", seconds: 2 * 3600 },
    globalTimeoutSeconds: 30 * DAY,
    timeZone: { kind: "fromField", path: "cart.currency", fallback: "America/New_York" },
    start: "2026-11-27T00:00:00Z",
    end: "2026-12-01T09:30:00Z",
  });
  assert.deepEqual(v.data, [{ source: "orders", group: "byCart", parameters: { cartId: "event.cartId" }, default: { paid: false } }]);
  const byId = Object.fromEntries(v.nodes.map((n) => [n.id, n.activity]));
  assert.equal(byId.still_unpaid.errorPath, true);
  assert.equal(byId.jump_old.journey, "welcome_series");
  assert.ok(v.edges.some((e) => e.from === "still_unpaid" && e.port === "error" && e.to === "end_paid"));
}

async function viewerSeesReadOnly(server) {
  const browser = await launchChromium({ viewport: { width: 1200, height: 800 } });
  try {
    const { state, handle } = backend();
    const { calls } = await mockIpcWithEvents(browser.context, handle, { user: userWithRole("vic", "viewer") });
    const panel = await openJourney(browser.page, server.url);
    const note = panel.locator('[data-testid="properties-read-only"]');
    assert.match(await note.innerText(), /Your role \(viewer\) may not manage journeys/);
    assert.equal(await panel.getByLabel("Description").isDisabled(), true);
    assert.equal(await panel.getByLabel("Global timeout (a person still inside is removed)", { exact: true }).isDisabled(), true);
    assert.equal(await panel.locator('[data-testid="lookup-choice"]').isDisabled(), true);
    assert.equal(await panel.getByLabel("Description").inputValue(), journey.description ?? "", "what is saved still shows");
    await browser.page.screenshot({ path: join(artifactsDir, "journey-read-only.png") });
    assert.equal(called(calls, "save_journey").length, 0, "a viewer saves nothing");
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
    const { calls } = await mockIpcWithEvents(browser.context, handle);
    const { page } = browser;
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      const panel = await openJourney(page, server.url);
      await fitsTheWindow(page, panel);
      await editWordsAndProperties(page, panel, calls);
      await addLookup(page, panel);
      await fitsTheWindow(page, panel);
      await conditionErrorPath(page);
      await jumpTarget(page);
      await savedJourney(page, calls);
    } catch (e) {
      await page.screenshot({ path: join(artifactsDir, "journey-failure.png") }).catch(() => {});
      throw e;
    }
    assert.deepEqual(state.unknown, [], "no command the mock does not know");
    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    await viewerSeesReadOnly(server);
    console.log("journey browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

await main();
