// Browser test of the what-if and path coverage panels (ui/src/designer/analysis) in the
// system Chromium: builds the dev-only analysis-harness.html entry, serves it, mocks
// Tauri IPC from this process (Tauri's event plugin included, for the progress events
// `listen` receives) and drives both panels like a user. Run with
// `npm run test:analysis`. Screenshots go to ../tests/artifacts/.
import assert from "node:assert/strict";
import { join } from "node:path";

import { artifactsDir, buildHarness, launchChromium, mockIpcWithEvents, serveDir, until, waitForCount } from "./harness.mjs";

const PROGRESS = "what-if-progress";

const node = (entered, exited, more = {}) => ({ entered, exited, errors: 0, timeouts: 0, waiting: 0, ...more });

const report = {
  nodes: {
    welcome: {
      entry: node(2500, { next: 2500 }),
      tier: node(2500, { gold: 600, other: 1900 }),
      send_offer: node(600, { success: 580, error: 20 }, { failedCalls: { http_503: 20 } }),
      wait_a_day: node(2480, { next: 2450 }, { waiting: 30 }),
      done: node(2450, {}),
    },
  },
  journeys: { welcome: { entered: 2500, finished: 2450, jumped: 0, exitedEarly: 20, errors: 20, stillInside: 30 } },
  discarded: { notRecognised: 7, duplicate: 3 },
  events: 2510,
};
const result = { journey: "welcome", people: 2500, report, traces: [] };

const example = (tier) => ({ at: "2026-01-05T09:00:00Z", payload: { email: "p1@example.com", tier }, reactions: [], failures: [] });
const coverage = {
  journey: "welcome",
  people: 8,
  covered: 2,
  truncated: true,
  paths: [
    { steps: ["entry[next]", "tier[gold]", "send_offer[success]", "wait_a_day[next]", "done"], covered: true, example: example("gold") },
    {
      steps: ["entry[next]", "tier[gold]", "send_offer[error]", "done"],
      covered: false,
      reason: "nobody left `send_offer` by `error`: no call to `offer_api` failed",
    },
    { steps: ["entry[next]", "tier[other]", "wait_a_day[next]", "done"], covered: true, example: { ...example("silver"), failures: ["offer_api"] } },
    { steps: ["entry[next]", "tier[vip]", "done"], covered: false, reason: 'no generated person made `event.tier == "vip"` true first' },
  ],
};

// The Rust side, as far as these panels go: what_if and coverage answer when the test
// says so (`pending`), so it can emit progress events while a run is under way.
function backend() {
  const pending = { what_if: [], coverage: [] };
  const wait = (cmd) => new Promise((ok, fail) => pending[cmd].push({ ok, fail }));
  const handle = (cmd) => {
    switch (cmd) {
      case "what_if":
      case "coverage":
        return wait(cmd);
      default:
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { pending, handle };
}

const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd);
const attr = (locator, name) => locator.getAttribute(name);

async function whatIfFlow(page, url, ipc, pending) {
  const { calls } = ipc;
  await page.goto(`${url}analysis-harness.html`);
  const panel = page.locator('[data-testid="whatif-panel"]');
  await panel.waitFor();
  assert.match(await panel.locator('[data-testid="whatif-hint"]').innerText(), /saved version of welcome: save the journey first/);
  const people = page.getByLabel("Number of people");
  const seed = page.getByLabel("Seed");
  assert.equal(await people.getAttribute("data-testid"), "whatif-people", "the people input is labelled");
  assert.equal(await seed.getAttribute("data-testid"), "whatif-seed", "the seed input is labelled");
  assert.equal(await people.inputValue(), "10,000");
  assert.equal(await seed.inputValue(), "1");
  const run = panel.locator('[data-testid="whatif-run"]');
  assert.equal(await run.innerText(), "Run");

  // Out of range: marked on the input, nothing sent.
  await people.fill("0");
  await run.click();
  const problem = panel.locator('[data-testid="whatif-people-problem"]');
  await problem.waitFor();
  assert.match(await problem.innerText(), /1 to 1,000,000/);
  assert.equal(await people.getAttribute("aria-invalid"), "true");
  assert.ok((await people.getAttribute("aria-describedby")).includes(await problem.getAttribute("id")), "the problem describes the input");
  assert.equal(called(calls, "what_if").length, 0, "nothing sent");

  // A run: it listens to progress first, then asks Rust; the bar follows the events.
  await people.fill("2,500");
  assert.equal(await problem.count(), 0, "typing clears the problem");
  await seed.fill("42");
  await seed.press("Enter");
  await until(() => called(calls, "what_if").length === 1, "what_if");
  assert.deepEqual(called(calls, "what_if")[0].args, { journey: "welcome", people: 2500, seed: 42 });
  const listens = called(calls, "plugin:event|listen");
  assert.equal(listens.length, 1);
  assert.equal(listens[0].args.event, PROGRESS);
  assert.ok(calls.indexOf(listens[0]) < calls.indexOf(called(calls, "what_if")[0]), "listening before the run starts");
  assert.equal(ipc.listening(PROGRESS), 1);
  assert.equal(await run.isDisabled(), true, "one run at a time");
  assert.equal(await run.innerText(), "Running…");

  const bar = panel.locator('[data-testid="whatif-progress"]');
  await bar.waitFor();
  assert.equal(await attr(bar, "role"), "progressbar");
  assert.equal(await attr(bar, "aria-label"), "What-if progress");
  assert.equal(await attr(bar, "aria-valuenow"), "0");
  assert.equal(await attr(bar, "aria-valuemax"), "2500");
  const fill = bar.locator(".an-progress-fill");
  for (const done of [500, 1750]) {
    assert.equal(await ipc.emit(page, PROGRESS, { done, total: 2500 }), 1);
    await until(() => attr(bar, "aria-valuenow").then((v) => v === String(done)), `progress ${done}`);
  }
  assert.equal(await fill.evaluate((el) => el.style.width), "70%");
  await page.waitForTimeout(200); // the bar's width transition (0.1 s), for the screenshot
  assert.match(await attr(bar, "aria-valuetext"), /^1,750 of 2,500 people \(70%\)$/);
  await page.screenshot({ path: join(artifactsDir, "browser-what-if-progress.png"), fullPage: true });

  // Done: the totals, the report handed to the canvas, and no more listening.
  pending.what_if.shift().ok(result);
  const totals = panel.locator('[data-testid="whatif-totals"]');
  await totals.waitFor();
  assert.equal(await bar.count(), 0, "the bar goes when the run ends");
  await until(() => ipc.listening(PROGRESS) === 0, "unlisten after the run");
  assert.equal(called(calls, "plugin:event|unlisten").length, 1);
  const total = async (key) => (await totals.locator(`[data-total="${key}"]`).innerText()).replace(/\s+/g, " ").trim();
  assert.equal(await total("entered"), "Entered 2,500");
  assert.equal(await total("finished"), "Finished 2,450 98%");
  assert.equal(await total("exitedEarly"), "Exited early 20 0.8%");
  assert.equal(await total("errors"), "Errors 20 0.8%");
  assert.equal(await total("stillInside"), "Still inside 30 1.2%");
  assert.equal(await total("jumped"), "Jumped to another journey 0 0%");
  assert.match(await totals.innerText(), /2,500 people simulated \(seed 42\) · 2,510 events processed/);
  assert.deepEqual(await totals.locator('[data-testid="whatif-discarded"] li').evaluateAll((ls) => ls.map((l) => [l.dataset.reason, l.innerText])), [
    ["notRecognised", "notRecognised: 7"],
    ["duplicate", "duplicate: 3"],
  ]);
  assert.deepEqual(await page.evaluate(() => window.__analysis.reports), [report], "onReport gets the run's report");
  assert.deepEqual(await page.locator('[data-testid="harness-edge"]').evaluateAll((ls) => ls.map((l) => [l.dataset.edge, l.innerText])), [
    ["entry:next", "entry:next: 2,500 (100%)"],
    ["tier:gold", "tier:gold: 600 (24%)"],
    ["tier:other", "tier:other: 1,900 (76%)"],
    ["send_offer:success", "send_offer:success: 580 (96.7%)"],
    ["send_offer:error", "send_offer:error: 20 (3.3%)"],
    ["wait_a_day:next", "wait_a_day:next: 2,450 (98.8%)"],
  ]);
  // The branch volumes are in the panel too, for keyboard and screen reader users.
  await totals.locator(".an-details summary").focus();
  await page.keyboard.press("Enter");
  const volumes = totals.locator('[data-testid="whatif-volumes"]');
  await volumes.waitFor();
  assert.equal(await volumes.locator('tr[data-edge="tier:gold"] td').last().innerText(), "600 (24%)");
  assert.equal(await run.isDisabled(), false);

  // A late progress event after the end changes nothing.
  assert.equal(await ipc.emit(page, PROGRESS, { done: 2500, total: 2500 }), 0);
}

// An error is shown in place, with its code; the subscription ends too.
async function whatIfErrorFlow(page, ipc, pending) {
  const { calls } = ipc;
  const panel = page.locator('[data-testid="whatif-panel"]');
  const run = panel.locator('[data-testid="whatif-run"]');
  const totals = panel.locator('[data-testid="whatif-totals"]');
  await run.click();
  await until(() => called(calls, "what_if").length === 2, "second what_if");
  assert.equal(ipc.listening(PROGRESS), 1);
  pending.what_if.shift().fail({ code: "NOT_FOUND", message: "journey `welcome` has no saved version" });
  const error = panel.locator('[data-testid="whatif-error"]');
  await error.waitFor();
  assert.equal(await attr(error, "data-code"), "NOT_FOUND");
  assert.equal(await attr(error, "role"), "alert");
  assert.match(await error.innerText(), /What-if run failed: NOT_FOUND journey `welcome` has no saved version/);
  assert.equal(await totals.count(), 0);
  await until(() => ipc.listening(PROGRESS) === 0, "unlisten after the failure");
  assert.equal(await page.evaluate(() => window.__analysis.reports.length), 1, "no report for a failed run");
}

async function coverageFlow(page, calls, pending) {
  const panel = page.locator('[data-testid="coverage-panel"]');
  assert.match(await panel.locator('[data-testid="coverage-hint"]').innerText(), /save the journey first/);
  const run = panel.locator('[data-testid="coverage-run"]');
  assert.equal(await run.innerText(), "Run coverage");

  // An error first, in place.
  await run.click();
  await until(() => called(calls, "coverage").length === 1, "coverage");
  assert.deepEqual(called(calls, "coverage")[0].args, { journey: "welcome" });
  assert.equal(await run.isDisabled(), true);
  pending.coverage.shift().fail({ code: "INVALID_INPUT", message: "journey `welcome` has errors" });
  const error = panel.locator('[data-testid="coverage-error"]');
  await error.waitFor();
  assert.equal(await attr(error, "data-code"), "INVALID_INPUT");
  assert.match(await error.innerText(), /Coverage failed: INVALID_INPUT journey `welcome` has errors/);

  // Then the paths: covered ones with their example, uncovered ones with the reason.
  await run.focus();
  await page.keyboard.press("Enter");
  await until(() => called(calls, "coverage").length === 2, "second coverage");
  pending.coverage.shift().ok(coverage);
  const summary = panel.locator('[data-testid="coverage-summary"]');
  await summary.waitFor();
  assert.equal(await error.count(), 0);
  assert.match(await summary.innerText(), /^Covered 2 of 4 paths \(50%\) with 8 test people\./);
  assert.match(await summary.locator('[data-testid="coverage-truncated"]').innerText(), /Truncated: the journey has more paths than were listed/);
  await waitForCount(page, '[data-testid="coverage-path"]', 4);
  const paths = panel.locator('[data-testid="coverage-path"]');
  assert.deepEqual(await paths.evaluateAll((ps) => ps.map((p) => [p.dataset.covered, p.querySelector('[data-testid="coverage-steps"]').innerText])), [
    ["true", "entry[next] → tier[gold] → send_offer[success] → wait_a_day[next] → done"],
    ["false", "entry[next] → tier[gold] → send_offer[error] → done"],
    ["true", "entry[next] → tier[other] → wait_a_day[next] → done"],
    ["false", "entry[next] → tier[vip] → done"],
  ]);
  assert.deepEqual(await panel.locator('[data-testid="coverage-reason"]').allInnerTexts(), [
    "nobody left `send_offer` by `error`: no call to `offer_api` failed",
    'no generated person made `event.tier == "vip"` true first',
  ]);
  // Uncovered paths stand out, and say so in words, not by colour alone.
  const background = (i) => paths.nth(i).evaluate((el) => window.getComputedStyle(el).backgroundColor);
  assert.notEqual(await background(1), await background(0), "uncovered paths are highlighted");
  assert.match(await paths.nth(1).innerText(), /Not covered/);
  assert.match(await paths.nth(0).innerText(), /Covered/);
  assert.equal(await paths.nth(1).locator('[data-testid="coverage-example"]').count(), 0);

  // The example scenario is collapsed JSON, opened from the keyboard.
  const details = paths.nth(2).locator('[data-testid="coverage-example"]');
  assert.match(await details.locator("summary").innerText(), /Example scenario: event at 2026-01-05T09:00:00Z, failing offer_api/);
  assert.equal(await details.evaluate((d) => d.open), false);
  await details.locator("summary").focus();
  assert.equal(await details.locator("summary").evaluate((el) => el.matches(":focus-visible")), true, "focus is visible");
  await page.keyboard.press("Enter");
  assert.equal(await details.evaluate((d) => d.open), true);
  assert.deepEqual(JSON.parse(await details.locator("pre").innerText()), coverage.paths[2].example);

  // The canvas gets the uncovered paths' steps and the edges taken by nobody.
  assert.deepEqual(await page.evaluate(() => window.__analysis.uncovered), [[coverage.paths[1].steps, coverage.paths[3].steps]]);
  assert.deepEqual(await page.locator('[data-testid="harness-uncovered-edge"]').evaluateAll((ls) => ls.map((l) => l.dataset.edge)), [
    "send_offer:error",
    "tier:vip",
  ]);
  await page.screenshot({ path: join(artifactsDir, "browser-what-if.png"), fullPage: true });
}

// Closing the panels mid-run stops listening; the late answer is ignored.
async function unmountFlow(page, ipc, pending) {
  const { calls } = ipc;
  const before = called(calls, "what_if").length;
  await page.locator('[data-testid="whatif-run"]').click();
  await until(() => called(calls, "what_if").length === before + 1, "what_if");
  assert.equal(ipc.listening(PROGRESS), 1);
  await page.locator('[data-testid="harness-toggle"]').click();
  await page.locator('[data-testid="whatif-panel"]').waitFor({ state: "detached" });
  await until(() => ipc.listening(PROGRESS) === 0, "unlisten on unmount");
  pending.what_if.shift().ok(result);
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.__analysis.reports.length), 1, "no report from an unmounted panel");
}

// A failed save (beforeRun) stops the run before anything is sent.
async function saveFailsFlow(page, url, ipc) {
  const { calls } = ipc;
  ipc.forget();
  const before = called(calls, "what_if").length;
  await page.goto(`${url}analysis-harness.html?save=fail`);
  await page.locator('[data-testid="whatif-run"]').click();
  const error = page.locator('[data-testid="whatif-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /could not be saved/);
  await page.locator('[data-testid="coverage-run"]').click();
  await page.locator('[data-testid="coverage-error"]').waitFor();
  assert.equal(called(calls, "what_if").length, before, "nothing sent");
  assert.equal(ipc.listening(PROGRESS), 0);
}

async function main() {
  const harness = await buildHarness("analysis-harness.html");
  let server;
  let browser;
  try {
    server = await serveDir(harness.dir);
    browser = await launchChromium();
    const { pending, handle } = backend();
    const ipc = await mockIpcWithEvents(browser.context, handle);
    const pageErrors = [];
    browser.page.on("pageerror", (e) => pageErrors.push(e.message));

    await whatIfFlow(browser.page, server.url, ipc, pending);
    await coverageFlow(browser.page, ipc.calls, pending);
    await whatIfErrorFlow(browser.page, ipc, pending);
    await unmountFlow(browser.page, ipc, pending);
    await saveFailsFlow(browser.page, server.url, ipc);

    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("analysis panels browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
    harness.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
