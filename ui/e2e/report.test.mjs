// Browser test of the live report screen (ui/src/report) in the system Chromium: builds
// the dev-only report-harness.html entry, serves it, answers `live_report` from this
// process, and checks what a user sees: the totals, the charts drawn with the right
// lines and values, the funnel, the period and version choices sent to Rust, the CSV
// export, an empty period, an unreachable runner keeping the last figures, and a
// journey with no runner. Run with `npm run test:report`. Screenshots go to
// ../tests/artifacts/.
import assert from "node:assert/strict";
import { join } from "node:path";

import { artifactsDir, buildHarness, launchChromium, mockIpc, serveDir, until } from "./harness.mjs";

const totals = (entered, more = {}) => ({
  entered,
  finished: 0,
  jumped: 0,
  exitedEarly: 0,
  errors: 0,
  waitingNow: 0,
  discarded: {},
  ...more,
});
const activity = (id, entered, exited, more = {}) => ({
  id,
  label: id,
  entered,
  waitingNow: 0,
  exited,
  errors: 0,
  timeouts: 0,
  failedCalls: {},
  ...more,
});
const minute = (m) => `2026-12-05T10:0${m}:00Z`;

const full = {
  journey: "cart_recovery",
  generatedAt: "2026-12-05T10:05:00Z",
  from: null,
  bucket: "hour",
  totals: totals(5, { finished: 3, errors: 1, waitingNow: 1 }),
  versions: [
    {
      version: 2,
      state: "live",
      totals: totals(4, { finished: 2, errors: 1, waitingNow: 1 }),
      activities: [
        activity("start", 4, { next: 4 }),
        activity("wait_1h", 4, { next: 3 }, { waitingNow: 1 }),
        activity("still_unpaid", 3, { unpaid: 2, other: 1 }),
        activity("remind", 2, { success: 1, error: 1 }, { errors: 1, failedCalls: { http_500: 1 } }),
      ],
    },
    { version: 1, state: "closed", totals: totals(1, { finished: 1 }), activities: [activity("start", 1, { next: 1 })] },
  ],
  unattributedDiscards: {},
  series: [
    { start: minute(0), version: 2, activity: "", measure: "started", key: "", count: 3 },
    { start: minute(0), version: 1, activity: "", measure: "started", key: "", count: 1 },
    { start: minute(2), version: 2, activity: "", measure: "started", key: "", count: 1 },
    { start: minute(2), version: 2, activity: "remind", measure: "failedCall", key: "http_500", count: 1 },
    { start: minute(1), version: 2, activity: "", measure: "discarded", key: "reentranceWait", count: 2 },
  ],
};
// The buckets are what the report says they are: here minutes, whatever was asked.
full.bucket = "minute";

const empty = { ...full, totals: totals(0), versions: [], series: [] };

function backend() {
  const state = { next: full, fail: null };
  const handle = (cmd) => {
    switch (cmd) {
      case "live_report":
        if (state.fail) throw state.fail;
        return state.next;
      // Rust shows the save dialog; the window gets a token for the file chosen.
      case "choose_file":
        return { token: "tok-csv", name: "cart_recovery-local-report.csv" };
      case "export_live_report_csv":
        return null;
      default:
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd);
// The values behind a chart (its accessible table; uPlot's legend is another table).
const hiddenTable = (chart) =>
  chart
    .locator('table[data-testid$="-values"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));

async function figuresFlow(page, url, calls) {
  await page.goto(`${url}report-harness.html`);
  const screen = page.getByRole("region", { name: "Report of cart_recovery" });
  await screen.waitFor();
  const totalsBox = page.locator('[data-testid="report-totals"]');
  await totalsBox.waitFor();
  assert.match(await totalsBox.innerText(), /Entered\s+5\s+Waiting now\s+1\s+Finished\s+3\s+Exited early\s+0\s+Errors\s+1/);
  // The first ask: the default runner and period (24 hours, by hour).
  const first = called(calls, "live_report")[0].args;
  assert.equal(first.runner, "local");
  assert.equal(first.name, "cart_recovery");
  assert.equal(first.bucket, "hour");
  const from = Date.parse(first.from);
  assert.ok(Math.abs(Date.now() - 86_400_000 - from) < 60_000, `from is 24 h ago: ${first.from}`);

  // Charts: drawn (a canvas each) with the right lines and values.
  const entries = page.locator('[data-testid="chart-entries"]');
  await entries.locator("canvas").first().waitFor();
  assert.equal(await entries.getAttribute("data-lines"), "entries");
  const t = (m) => new Date(Date.parse(minute(m))).toISOString();
  assert.deepEqual(await hiddenTable(entries), [
    [t(0), "4"],
    [t(1), "0"],
    [t(2), "1"],
  ]);
  const errors = page.locator('[data-testid="chart-errors"]');
  await errors.locator("canvas").first().waitFor();
  assert.equal(await errors.getAttribute("data-lines"), "http_500");
  const discards = page.locator('[data-testid="chart-discards"]');
  assert.equal(await discards.getAttribute("data-lines"), "reentranceWait");
  assert.deepEqual(await hiddenTable(discards), [[t(1), "2"]]);
  // The funnel, in the canvas's order, of the newest version.
  const funnelRows = await page
    .locator('[data-testid="report-funnel"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
  assert.deepEqual(funnelRows, [
    ["start", "4"],
    ["wait_1h", "4"],
    ["still_unpaid", "3"],
    ["remind", "2"],
  ]);
  await page.screenshot({ path: join(artifactsDir, "report-screen.png"), fullPage: true });

  // One version: its totals and its lines only.
  await page.getByLabel("Version").selectOption("1");
  await until(async () => (await totalsBox.innerText()).includes("Entered\n1"), "v1 totals");
  assert.deepEqual(await hiddenTable(entries), [[t(0), "1"]]);
  assert.equal(await page.locator('[data-testid="chart-errors-empty"]').count(), 1, "no errors in v1");
  await page.getByLabel("Version").selectOption("");

  // Another period: asked again with its bucket.
  const before = called(calls, "live_report").length;
  await page.getByLabel("Period").selectOption({ label: "Last hour" });
  await until(() => called(calls, "live_report").length > before, "the report asked again");
  assert.equal(called(calls, "live_report").at(-1).args.bucket, "minute");

  // CSV of what is shown: the same runner, journey, period.
  await page.getByRole("button", { name: "Export CSV" }).click();
  await until(() => called(calls, "export_live_report_csv").length === 1, "export");
  const exported = called(calls, "export_live_report_csv")[0].args;
  assert.equal(exported.runner, "local");
  assert.equal(exported.name, "cart_recovery");
  assert.equal(exported.bucket, "minute");
  assert.equal(exported.token, "tok-csv", "the save dialog's token, never a path");
  assert.equal("path" in exported, false);
  assert.deepEqual(called(calls, "choose_file")[0].args, {
    purpose: "save",
    kind: "csv",
    title: "Export the cart_recovery report",
    defaultName: "cart_recovery-local-report.csv",
  });
  await page.getByText("Exported to cart_recovery-local-report.csv").waitFor();
}

async function unreachableFlow(page, state, calls) {
  // The runner goes away: the last figures stay, with what happened.
  state.fail = { code: "UNREACHABLE", message: "runner `local` unreachable: Connection refused" };
  const before = called(calls, "live_report").length;
  await page.getByRole("button", { name: "Refresh" }).click();
  await until(() => called(calls, "live_report").length > before, "refresh");
  const stale = page.locator('[data-testid="report-stale"]');
  await stale.waitFor();
  assert.match(await stale.innerText(), /runner `local` unreachable: Connection refused\. Showing the figures of/);
  assert.match(await page.locator('[data-testid="report-totals"]').innerText(), /Entered\s+5/);
  await page.screenshot({ path: join(artifactsDir, "report-unreachable.png"), fullPage: true });
  // Any other failure, with nothing shown yet: the error and a retry.
  state.fail = { code: "FORBIDDEN", message: "runner `local`: 403 FORBIDDEN: the token `ops` has no `read` scope" };
  await page.reload();
  const banner = page.locator('[data-testid="report-error"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /FORBIDDEN.*no `read` scope/);
  state.fail = null;
  await banner.getByRole("button", { name: "Retry" }).click();
  await page.locator('[data-testid="report-totals"]').waitFor();
}

async function emptyFlow(page, url, state) {
  state.next = empty;
  await page.goto(`${url}report-harness.html`);
  await page.locator('[data-testid="report-empty"]').waitFor();
  assert.equal(await page.locator('[data-testid="report-empty"]').innerText(), "No events for cart_recovery on local in this period.");
  assert.equal(await page.locator('[data-testid="report-totals"]').count(), 0);
  await page.goto(`${url}report-harness.html?runners=`);
  await page.locator('[data-testid="report-no-runner"]').waitFor();
  await page.getByRole("button", { name: "Close" }).click();
  await until(() => page.evaluate(() => document.body.dataset.closed === "true"), "closed");
}

async function main() {
  const harness = await buildHarness("report-harness.html");
  let server;
  let browser;
  try {
    server = await serveDir(harness.dir);
    browser = await launchChromium();
    // As WebKitGTK reports it under LANG=C: a language Intl refuses. uPlot reads it when
    // it loads; the charts must draw all the same (and the app must not go blank).
    await browser.context.addInitScript(() => {
      Object.defineProperty(Object.getPrototypeOf(globalThis.navigator), "language", { get: () => "C", configurable: true });
    });
    const { state, handle } = backend();
    const calls = await mockIpc(browser.context, handle);
    const pageErrors = [];
    browser.page.on("pageerror", (e) => pageErrors.push(e.message));

    await figuresFlow(browser.page, server.url, calls);
    await unreachableFlow(browser.page, state, calls);
    await emptyFlow(browser.page, server.url, state);

    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("report screen browser test passed");
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
