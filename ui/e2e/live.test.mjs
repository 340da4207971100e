// Browser test of the canvas's Live view (ui/src/report/LivePanel.tsx) in the built app
// (run `npm run build` first), with Tauri IPC answered from this process: a published
// journey opened from the list, Live switched on, the runner's figures drawn on the
// canvas (entries per activity, people per edge), refreshed, the runner going away
// (figures kept, said so), and back to the simulation (figures gone). Run with
// `npm run test:live`. Screenshots go to ../tests/artifacts/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { artifactsDir, launchChromium, mockIpc, serveDir, uiDir, until, waitForCount } from "./harness.mjs";

const bundle = JSON.parse(readFileSync(resolve(uiDir, "../examples/cart_abandonment.parcours.json"), "utf8"));
const journey = bundle.journeys[0];
const v1 = journey.versions[0];
assert.equal(v1.status, "live", "the example's cart_recovery v1 is live");

const overview = {
  databasePath: "/tmp/parcours-live-test.sqlite",
  journeys: [
    {
      name: journey.name,
      description: journey.description,
      latestVersion: 1,
      status: "live",
      state: "live",
      liveVersion: 1,
      activities: v1.nodes.length,
      updatedAt: "2026-12-05T09:00:00Z",
      errors: 0,
      warnings: 0,
    },
  ],
  events: [],
  dataSources: [],
  actions: [],
};

const totals = (entered, more = {}) => ({ entered, finished: 0, jumped: 0, exitedEarly: 0, errors: 0, waitingNow: 0, discarded: {}, ...more });
const activity = (id, entered, exited, more = {}) => ({ id, label: id, entered, waitingNow: 0, exited, errors: 0, timeouts: 0, failedCalls: {}, ...more });
const report = (entered) => ({
  journey: journey.name,
  generatedAt: "2026-12-05T10:00:00Z",
  from: null,
  bucket: "hour",
  totals: totals(entered, { waitingNow: 1 }),
  versions: [
    {
      version: 1,
      state: "live",
      totals: totals(entered, { waitingNow: 1, finished: entered - 1 }),
      activities: [
        activity("start", entered, { next: entered }),
        activity("wait_1h", entered, { next: entered - 1 }, { waitingNow: 1 }),
        activity("still_unpaid", entered - 1, { unpaid: entered - 2, other: 1 }),
      ],
    },
  ],
  unattributedDiscards: {},
  series: [],
});

function backend() {
  const state = { entered: 4, fail: null };
  const handle = (cmd, args) => {
    switch (cmd) {
      case "overview":
        return overview;
      case "get_journey":
        return journey;
      case "validate_journey":
      case "validate_draft":
        return [];
      case "list_events":
        return bundle.events;
      case "list_actions":
        return bundle.actions;
      case "list_test_profiles":
      case "list_pushes":
        return [];
      case "journey_runners":
        assert.equal(args.name, journey.name);
        return ["local"];
      case "live_report":
        if (state.fail) throw state.fail;
        return report(state.entered);
      default:
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

const nodeCount = (page, id) => page.locator(`.react-flow__node[data-id="${id}"] [data-testid="node-count"]`);
const edgeLabels = (page) => page.locator(".react-flow__edge-text").evaluateAll((els) => els.map((e) => e.textContent));

async function liveFlow(page, url, calls, state) {
  await page.goto(url);
  await page.locator(`[data-testid="journey-row"][data-name="${journey.name}"] [data-testid="open-journey"]`).click();
  await page.locator('[data-testid="canvas"]').waitFor();
  await waitForCount(page, ".react-flow__node", v1.nodes.length);
  assert.equal(await page.locator('[data-testid="node-count"]').count(), 0, "no figures before Live");

  await page.locator('[data-testid="live-toggle"]').click();
  const panel = page.locator('[data-testid="live-panel"]');
  await panel.waitFor();
  await until(async () => (await nodeCount(page, "start").count()) === 1, "live counts on the canvas");
  assert.equal(await nodeCount(page, "start").innerText(), "4");
  assert.equal(await nodeCount(page, "still_unpaid").innerText(), "3");
  assert.equal(await nodeCount(page, "remind").count(), 0, "nobody reached remind");
  await until(async () => (await edgeLabels(page)).join("|").includes("2 (66.7%)"), "edge volumes");
  assert.match(await panel.locator('[data-testid="live-refreshed"]').innerText(), /^Updated /);
  assert.match(await panel.locator('[data-testid="live-totals"]').innerText(), /v1: 4 entered, 1 waiting now, 3 finished, 0 errors\./);
  // Each activity's figures: entered, waiting now, exits by port, errors.
  const rows = await panel
    .locator('[data-testid="live-activity"]')
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows, [
    ["start", "4", "0", "next 4", "0"],
    ["wait_1h", "4", "1", "next 3", "0"],
    ["still_unpaid", "3", "0", "unpaid 2, other 1", "0"],
  ]);
  const asked = calls.filter((c) => c.cmd === "live_report")[0].args;
  assert.deepEqual(asked, { runner: "local", name: journey.name, from: null, bucket: null });
  await page.screenshot({ path: join(artifactsDir, "live-canvas.png") });

  // New figures come in on the next refresh.
  state.entered = 6;
  await until(async () => (await nodeCount(page, "start").innerText().catch(() => "")) === "6", "refreshed figures");

  // The runner goes away: the figures stay, and the panel says so.
  state.fail = { code: "UNREACHABLE", message: "runner `local` unreachable: Connection refused" };
  const note = panel.locator('[data-testid="live-error"]');
  await note.waitFor({ timeout: 20_000 });
  assert.match(await note.innerText(), /unreachable: Connection refused\. Showing the figures of/);
  assert.equal(await nodeCount(page, "start").innerText(), "6");

  // Back to the simulation: the live figures leave the canvas.
  await panel.getByRole("button", { name: "Back to simulation" }).click();
  await waitForCount(page, '[data-testid="node-count"]', 0);
  assert.equal(await page.locator('[data-testid="live-panel"]').count(), 0);
}

async function main() {
  let server;
  let browser;
  try {
    server = await serveDir();
    browser = await launchChromium();
    const { state, handle } = backend();
    const calls = await mockIpc(browser.context, handle);
    const pageErrors = [];
    browser.page.on("pageerror", (e) => pageErrors.push(e.message));
    await liveFlow(browser.page, server.url, calls, state);
    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("live view browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
