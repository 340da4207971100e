// Browser test of runners and publishing to them in the built app (run `npm run build`
// first), with Tauri IPC answered from this process (harness.mjs mockIpcWithEvents: every
// call recorded with its arguments, `pushes-changed` emitted as the app's sender does):
// the Runners screen (empty, add, an add Rust refuses, edit, test connection, remove), the
// publish dialog's runners (the journey's pre-checked, publish_to_runners with the
// checked ones; none in the workspace, or not listable: publish_journey as before), the
// versions panel's push states (queued with the reason, delivered, refused with the
// runner's multi-line reason; moves) refreshed by `pushes-changed`, and the journeys
// list's indicator. Run with `npm run test:runners`. Screenshots go to ../tests/artifacts/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { artifactsDir, distDir, launchChromium, mockIpcWithEvents, serveDir, uiDir, until, waitForCount } from "./harness.mjs";

const PUSHES_CHANGED = "pushes-changed";
const JOURNEY = "cart_recovery";
const OTHER = "loyalty_upgrade";

const bundle = JSON.parse(readFileSync(resolve(uiDir, "../examples/cart_abandonment.parcours.json"), "utf8"));

// cart_recovery as a draft, so it can be published.
function draftJourney() {
  const journey = structuredClone(bundle.journeys.find((j) => j.name === JOURNEY));
  for (const v of journey.versions) {
    v.status = "draft";
    delete v.publishedAt;
  }
  return journey;
}

const UNREACHABLE = "runner `local` unreachable: error sending request for url (http://127.0.0.1:8701/v1/journeys/cart_recovery/versions/1): Connection refused (os error 111)";
// A 422 with the release's diagnostics, one per line, as the backend keeps it.
const REFUSAL = [
  "422 INVALID_RELEASE: the release cannot run on this runner",
  "  journey:cart_recovery node remind: E_SECRET_MISSING secret `sms_key` is not set on this runner",
  "  action:send_reminder auth.secret: E_SECRET_MISSING secret `sms_key` is not set on this runner",
].join("\n");

// The Rust side, as far as these screens go: runners (tokens never come back, only where
// they are), checks, the journey's runners, publishes and moves with their pushes.
function backend() {
  const state = {
    runners: [],
    journeyRunners: [],
    journey: draftJourney(),
    pushes: [],
    nextPush: 1,
    failRunners: false,
    check: {},
    checkGate: null,
    unknown: [],
  };
  const now = "2026-12-05T10:00:00.000Z";
  const queue = (runner, journey, version, kind, more = {}) =>
    state.pushes.unshift({
      id: state.nextPush++,
      runner,
      journey,
      version,
      kind,
      state: "queued",
      attempts: 0,
      lastError: null,
      nextAt: now,
      createdAt: now,
      doneAt: null,
      ...more,
    });
  // A journey published long ago, refused by prod: the home's indicator.
  queue("prod", OTHER, 1, "publish", { state: "refused", attempts: 1, lastError: "409 CONFLICT: version 1 exists with other content", doneAt: now });

  const latest = () => state.journey.versions.at(-1);
  const versionState = (v) => (v.status === "live" && v.pausedAt ? "paused" : v.status);
  const summary = (name, v, activities) => ({
    name,
    description: "",
    latestVersion: v.version,
    status: v.status,
    state: versionState(v),
    activities,
    updatedAt: "2026-12-05T09:00:00Z",
    errors: 0,
    warnings: 0,
  });

  const handle = (cmd, args) => {
    switch (cmd) {
      case "overview":
        return {
          databasePath: "/tmp/parcours-runners-test.sqlite",
          journeys: [summary(JOURNEY, latest(), latest().nodes.length), summary(OTHER, { version: 1, status: "live" }, 11)],
          events: [],
          dataSources: [],
          actions: [],
        };
      case "get_journey":
        if (args.name !== JOURNEY) throw { code: "NOT_FOUND", message: `journey '${args.name}' not found` };
        return state.journey;
      case "validate_journey":
      case "validate_draft":
      case "save_journey":
      case "list_test_profiles":
      case "audit_log":
        return [];
      case "list_events":
        return bundle.events;
      case "list_actions":
        return bundle.actions;
      case "journey_versions":
        return state.journey.versions.map((v) => ({
          version: v.version,
          state: versionState(v),
          ...(v.publishedAt ? { publishedAt: v.publishedAt, publishedBy: "ada", sha256: "9f2c4e1ab37d".padEnd(64, "0") } : {}),
        }));
      case "list_runners":
        if (state.failRunners) throw { code: "STORAGE", message: "database is locked" };
        return state.runners;
      case "add_runner": {
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(args.name))
          throw { code: "INVALID_INPUT", message: `runner name \`${args.name}\`: use 1 to 64 letters, digits, \`-\` or \`_\`` };
        if (!/^https?:\/\/[^/]/.test(args.url))
          throw { code: "INVALID_INPUT", message: `runner URL \`${args.url}\`: use http:// or https:// and a host` };
        const old = state.runners.find((r) => r.name === args.name);
        const token = args.token !== null ? "keychain" : (old?.token ?? "environment");
        const runner = { name: args.name, url: args.url.replace(/\/+$/, ""), addedAt: now, token };
        state.runners = [...state.runners.filter((r) => r.name !== args.name), runner];
        return runner;
      }
      case "remove_runner":
        state.runners = state.runners.filter((r) => r.name !== args.name);
        return null;
      case "check_runner":
        return (state.checkGate ?? Promise.resolve()).then(() => state.check[args.name]);
      case "journey_runners":
        assert.equal(args.name, JOURNEY);
        return state.journeyRunners;
      case "list_pushes":
        return args.name === null ? state.pushes : state.pushes.filter((p) => p.journey === args.name);
      case "publish_journey":
      case "publish_to_runners": {
        const v = latest();
        v.status = "live";
        v.publishedAt = "2026-12-05T10:00:00Z";
        const runners = cmd === "publish_to_runners" ? args.runners : state.journeyRunners;
        state.journeyRunners = runners;
        for (const r of runners) queue(r, JOURNEY, v.version, "publish");
        return { version: v.version, sha256: "9f2c4e1ab37d".padEnd(64, "0"), journeySha256: "1".repeat(64), closed: [] };
      }
      case "pause_journey":
        latest().pausedAt = "2026-12-05T10:05:00Z";
        for (const r of state.journeyRunners) queue(r, JOURNEY, null, "pause");
        return [latest().version];
      case "deliver_now":
        return null;
      default:
        state.unknown.push(cmd);
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const row = (page, name) => page.locator(`[data-testid="runner-row"][data-name="${name}"]`);
const journeyRow = (page, name) => page.locator(`[data-testid="journey-row"][data-name="${name}"]`);

async function openJourney(page) {
  await journeyRow(page, JOURNEY).getByRole("button", { name: JOURNEY, exact: true }).click();
  await page.locator('[data-testid="canvas"]').waitFor();
}

async function backHome(page) {
  await page.locator('[data-testid="back"]').click();
  await journeyRow(page, JOURNEY).waitFor();
}

// With no runners in the workspace, the dialog says so and publishing is as before.
async function noRunnersYet(page, url, calls, state) {
  await page.goto(url);
  await journeyRow(page, JOURNEY).waitFor();
  // The home: an empty Runners panel, and the other journey's refusal on the list.
  const panel = page.locator('[data-testid="runners-section"]');
  await panel.getByText("No runners yet").waitFor();
  const flag = journeyRow(page, OTHER).locator('[data-testid="journey-pushes"]');
  await flag.waitFor();
  assert.equal(await flag.innerText(), "1 push refused");
  assert.equal(await flag.getAttribute("data-level"), "refused");
  assert.match(await flag.getAttribute("title"), /v1 to prod refused: 409 CONFLICT/);
  assert.equal(await journeyRow(page, JOURNEY).locator('[data-testid="journey-pushes"]').count(), 0, "nothing sent for the draft");

  await openJourney(page);
  await page.locator('[data-testid="publish"]').click();
  const dialog = page.locator('[data-testid="publish-dialog"]');
  await dialog.locator('[data-testid="publish-no-runners"]').waitFor();
  assert.match(await dialog.locator('[data-testid="publish-no-runners"]').innerText(), /No runners in this workspace.*Runners on the home screen/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal(called(calls, "publish_journey").length + called(calls, "publish_to_runners").length, 0);
  await backHome(page);
  assert.equal(state.runners.length, 0);
}

async function runnersScreen(page, calls, state) {
  await page.getByRole("button", { name: "Manage runners" }).click();
  const screen = page.locator('[data-testid="runners-screen"]');
  await screen.getByRole("heading", { name: /^Runners/ }).waitFor();
  await screen.locator('[data-testid="runners-empty"]').waitFor();
  assert.match(await screen.locator('[data-testid="runners-empty"]').innerText(), /No runners yet/);

  // Add one: the token goes with the command and nowhere else.
  await screen.getByRole("button", { name: "Add runner" }).click();
  let form = screen.getByRole("form", { name: "Add a runner" });
  const save = form.getByRole("button", { name: "Save runner" });
  assert.equal(await save.isDisabled(), true, "a name and a URL are required");
  await form.getByLabel("Name", { exact: true }).fill("local");
  await form.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:8700");
  const token = form.getByLabel("Token", { exact: true });
  assert.equal(await token.getAttribute("type"), "password");
  await token.fill("s3cret-local");
  await save.click();
  await row(page, "local").waitFor();
  assert.deepEqual(called(calls, "add_runner"), [{ name: "local", url: "http://127.0.0.1:8700", token: "s3cret-local" }]);
  assert.equal(await form.count(), 0, "the form closes once saved");
  assert.equal(await row(page, "local").locator('[data-testid="runner-token"]').innerText(), "token in the keychain");
  assert.match(await screen.locator('[data-testid="runners-note"]').innerText(), /Runner local saved/);
  assert.ok(!(await page.content()).includes("s3cret-local"), "the token is nowhere in the page");

  // Rust refuses the URL: its message shows beside the form, and nothing typed is lost.
  await screen.getByRole("button", { name: "Add runner" }).click();
  form = screen.getByRole("form", { name: "Add a runner" });
  await form.getByLabel("Name", { exact: true }).fill("prod");
  await form.getByLabel("URL", { exact: true }).fill("ftp://runner.example.com");
  await form.getByLabel("Token", { exact: true }).fill("prod-token");
  await form.getByRole("button", { name: "Save runner" }).click();
  const refusal = form.locator('[data-testid="runner-form-error"]');
  await refusal.waitFor();
  assert.equal(await refusal.getAttribute("role"), "alert");
  assert.equal(
    await refusal.innerText(),
    "Not saved: INVALID_INPUT runner URL `ftp://runner.example.com`: use http:// or https:// and a host",
  );
  assert.equal(await form.getByLabel("Name", { exact: true }).inputValue(), "prod");
  assert.equal(await form.getByLabel("URL", { exact: true }).inputValue(), "ftp://runner.example.com");
  assert.equal(await form.getByLabel("Token", { exact: true }).inputValue(), "prod-token");
  await waitForCount(page, '[data-testid="runner-row"]', 1);
  await page.screenshot({ path: join(artifactsDir, "runners-add-refused.png") });
  await form.getByLabel("URL", { exact: true }).fill("https://runner.example.com/");
  await form.getByRole("button", { name: "Save runner" }).click();
  await row(page, "prod").waitFor();
  assert.deepEqual(called(calls, "add_runner").at(-1), { name: "prod", url: "https://runner.example.com/", token: "prod-token" });
  assert.equal(await row(page, "prod").locator("code").innerText(), "https://runner.example.com", "the URL as Rust kept it");

  // A runner whose token is in the environment; then one that has none any more.
  await screen.getByRole("button", { name: "Add runner" }).click();
  form = screen.getByRole("form", { name: "Add a runner" });
  await form.getByLabel("Name", { exact: true }).fill("ci");
  await form.getByLabel("URL", { exact: true }).fill("http://ci.internal:8700");
  await form.getByRole("button", { name: "Save runner" }).click();
  await row(page, "ci").waitFor();
  assert.deepEqual(called(calls, "add_runner").at(-1), { name: "ci", url: "http://ci.internal:8700", token: null });
  assert.equal(await row(page, "ci").locator('[data-testid="runner-token"]').innerText(), "token from the environment");
  assert.deepEqual(
    await page.locator('[data-testid="runner-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.name)),
    ["ci", "local", "prod"],
    "listed by name",
  );

  // Edit: a new URL, the token kept (null).
  await row(page, "local").getByRole("button", { name: "Edit local" }).click();
  form = screen.getByRole("form", { name: "Edit runner local" });
  assert.equal(await form.getByLabel("Name", { exact: true }).getAttribute("readonly"), "");
  assert.equal(await form.getByLabel("URL", { exact: true }).inputValue(), "http://127.0.0.1:8700");
  assert.equal(await form.getByLabel("Token", { exact: true }).inputValue(), "", "the token is never shown");
  await form.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:8701");
  await form.getByRole("button", { name: "Save runner" }).click();
  await row(page, "local").locator("code", { hasText: "http://127.0.0.1:8701" }).waitFor();
  assert.deepEqual(called(calls, "add_runner").at(-1), { name: "local", url: "http://127.0.0.1:8701", token: null });

  // Test connection: busy while the runner is asked, then what it said.
  state.check.local = { reachable: true, version: "0.1.0", tokenName: "ops", scopes: ["publish", "control", "read"], problems: [] };
  state.check.prod = {
    reachable: true,
    version: "0.1.0",
    tokenName: "dashboards",
    scopes: ["read"],
    problems: [
      "the token `dashboards` lacks the scopes publish, control: publishing and moves will be refused",
      "the runner's clock is 5 minutes ahead of this machine's",
    ],
  };
  state.check.ci = { reachable: false, version: null, tokenName: null, scopes: [], problems: ["cannot reach http://ci.internal:8700: Connection refused (os error 111)"] };
  let open;
  state.checkGate = new Promise((ok) => (open = ok));
  await row(page, "local").getByRole("button", { name: "Test connection to local" }).click();
  const localCheck = screen.locator('[data-testid="runner-check-row"][data-name="local"] [data-testid="runner-check"]');
  await screen.locator('[data-testid="runner-check-row"][data-name="local"] [data-testid="runner-check"][data-state="busy"]').waitFor();
  const testing = row(page, "local").getByRole("button", { name: "Test connection to local" });
  assert.equal(await testing.innerText(), "Testing…");
  assert.equal(await testing.isDisabled(), true);
  open();
  state.checkGate = null;
  await screen.locator('[data-testid="runner-check-row"][data-name="local"] [data-testid="runner-check"][data-state="ok"]').waitFor();
  assert.equal(await localCheck.innerText(), "Connected — runner v0.1.0, token `ops` with publish, control, read");
  assert.equal(await testing.isDisabled(), false);

  await row(page, "prod").getByRole("button", { name: "Test connection to prod" }).click();
  const prodCheck = screen.locator('[data-testid="runner-check-row"][data-name="prod"] [data-testid="runner-check"][data-state="problems"]');
  await prodCheck.waitFor();
  assert.deepEqual(await prodCheck.locator('[data-testid="runner-problem"]').allInnerTexts(), state.check.prod.problems);
  await row(page, "ci").getByRole("button", { name: "Test connection to ci" }).click();
  const ciCheck = screen.locator('[data-testid="runner-check-row"][data-name="ci"] [data-testid="runner-check"][data-state="problems"]');
  await ciCheck.waitFor();
  assert.match(await ciCheck.innerText(), /ci is not ready:\s+cannot reach http:\/\/ci\.internal:8700: Connection refused/);
  assert.deepEqual(called(calls, "check_runner"), [{ name: "local" }, { name: "prod" }, { name: "ci" }]);
  await page.screenshot({ path: join(artifactsDir, "runners-screen.png"), fullPage: true });

  // Remove asks first: Cancel keeps it, Remove runner removes it.
  await row(page, "ci").getByRole("button", { name: "Remove ci" }).click();
  let confirm = page.getByRole("dialog", { name: "Remove runner ci?" });
  await confirm.waitFor();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await confirm.waitFor({ state: "detached" });
  assert.equal(called(calls, "remove_runner").length, 0, "nothing removed on Cancel");
  await row(page, "ci").getByRole("button", { name: "Remove ci" }).click();
  confirm = page.getByRole("dialog", { name: "Remove runner ci?" });
  await confirm.getByRole("button", { name: "Remove runner" }).click();
  await confirm.waitFor({ state: "detached" });
  await waitForCount(page, '[data-testid="runner-row"]', 2);
  assert.deepEqual(called(calls, "remove_runner"), [{ name: "ci" }]);
  assert.equal(await screen.locator('[data-testid="runner-check-row"][data-name="ci"]').count(), 0);

  // The token went missing (say, removed from the keychain): a warning on the screen and at home.
  state.runners.find((r) => r.name === "prod").token = "missing";
  await screen.getByRole("button", { name: "Close" }).click();
  const home = page.locator('[data-testid="runners-section"]');
  await home.locator('[data-testid="runner-summary"]').first().waitFor();
  assert.deepEqual(await home.locator('[data-testid="runner-summary"]').evaluateAll((li) => li.map((l) => l.dataset.name)), ["local", "prod"]);
  assert.match(await home.locator('[data-testid="runner-summary"][data-name="prod"]').innerText(), /no token/);
  await page.getByRole("button", { name: "Manage runners" }).click();
  await row(page, "prod").locator(".token-missing", { hasText: "no token" }).waitFor();
  assert.match(await row(page, "prod").innerText(), /edit it to give one/);
  state.runners.find((r) => r.name === "prod").token = "keychain";
  await screen.getByRole("button", { name: "Close" }).click();
  await journeyRow(page, JOURNEY).waitFor();
}

// Publish: the journey's runner pre-checked; the checked ones sent with publish_to_runners.
async function publishToRunners(page, calls, state) {
  state.journeyRunners = ["local"];
  await openJourney(page);
  await page.locator('[data-testid="publish"]').click();
  const dialog = page.locator('[data-testid="publish-dialog"]');
  const runners = dialog.getByRole("group", { name: "Runners" });
  await runners.waitFor();
  const local = runners.getByRole("checkbox", { name: /local/ });
  const prod = runners.getByRole("checkbox", { name: /prod/ });
  assert.equal(await local.isChecked(), true, "the journey's runner is checked");
  assert.equal(await prod.isChecked(), false);
  await prod.check();
  await local.uncheck();
  await local.check();
  await page.screenshot({ path: join(artifactsDir, "runners-publish-dialog.png") });
  await dialog.getByRole("button", { name: "Publish" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual(called(calls, "publish_to_runners"), [{ name: JOURNEY, drain: "closePrevious", runners: ["local", "prod"] }]);
  assert.equal(called(calls, "publish_journey").length, 0);
  await page.locator('[data-testid="version-state"][data-state="live"]').waitFor();
}

// The versions panel: v1 queued on both runners, then delivered on one and refused by
// the other after `pushes-changed`; a pause's pushes under the moves.
async function pushStates(page, ipc, state) {
  const { calls } = ipc;
  const [toProd, toLocal] = state.pushes.filter((p) => p.journey === JOURNEY);
  assert.deepEqual([toLocal.runner, toProd.runner], ["local", "prod"]);
  // The sender has tried local three times already.
  Object.assign(toLocal, { attempts: 3, lastError: UNREACHABLE, nextAt: "2026-12-05T10:00:08.500Z" });

  await page.locator('[data-testid="versions-toggle"]').click();
  const panel = page.getByRole("region", { name: "Versions" });
  const v1 = panel.locator('[data-testid="version-row"][data-version="1"]');
  const push = (runner) => v1.locator(`[data-testid="push"][data-runner="${runner}"]`);
  await push("local").waitFor();
  assert.equal(await push("local").getAttribute("data-state"), "queued");
  assert.equal(await push("local").locator('[data-testid="push-reason"]').innerText(), UNREACHABLE);
  assert.equal(await push("local").locator('[data-testid="push-retry-at"]').innerText(), "retrying at 2026-12-05 10:00:08 UTC (3 attempts)");
  assert.equal(await push("prod").getAttribute("data-state"), "queued");
  assert.equal(await push("prod").locator('[data-testid="push-retry-at"]').count(), 0, "not tried yet: no retry time");

  // Retry now wakes the sender.
  await push("local").getByRole("button", { name: "Retry now" }).click();
  await until(() => called(calls, "deliver_now").length === 1, "deliver_now");

  // A delivery round: local delivered, prod refused with the runner's diagnostics.
  Object.assign(toLocal, { state: "delivered", doneAt: "2026-12-05T10:00:09.000Z" });
  Object.assign(toProd, { state: "refused", attempts: 1, lastError: REFUSAL, doneAt: "2026-12-05T10:00:09.100Z" });
  const heard = await ipc.emit(page, PUSHES_CHANGED, null);
  assert.ok(heard >= 2, `the panel and the home listen (${heard})`);
  await v1.locator('[data-testid="push"][data-runner="prod"][data-state="refused"]').waitFor();
  await v1.locator('[data-testid="push"][data-runner="local"][data-state="delivered"]').waitFor();
  assert.equal(await push("local").locator('[data-testid="push-reason"]').count(), 0);
  assert.equal(await push("local").getByRole("button", { name: "Retry now" }).count(), 0);
  const reason = push("prod").locator('[data-testid="push-reason"]');
  assert.equal(await reason.textContent(), REFUSAL, "the reason whole, line breaks included");
  assert.equal(await reason.evaluate((el) => window.getComputedStyle(el).whiteSpace), "pre-wrap");
  assert.equal((await reason.innerText()).split("\n").length, 3, "shown on three lines");
  assert.equal(await push("prod").locator('[data-testid="push-state"]').innerText(), "refused");
  await page.screenshot({ path: join(artifactsDir, "runners-push-states.png") });

  // Pause: its pushes are listed under the moves, and follow the sender too.
  await panel.getByRole("button", { name: "Pause" }).click();
  const moves = page.getByRole("region", { name: "Moves sent to runners" });
  await moves.locator('[data-testid="push"][data-kind="pause"]').first().waitFor();
  await waitForCount(page, '[data-testid="move-pushes"] [data-testid="push"][data-state="queued"]', 2);
  assert.match(await moves.innerText(), /pause\s+to\s+local\s+queued/);
  const pauseToLocal = state.pushes.find((p) => p.kind === "pause" && p.runner === "local");
  Object.assign(pauseToLocal, { state: "delivered", doneAt: "2026-12-05T10:05:01.000Z" });
  await ipc.emit(page, PUSHES_CHANGED, null);
  await moves.locator('[data-testid="push"][data-runner="local"][data-kind="pause"][data-state="delivered"]').waitFor();
}

// Home: cart_recovery's indicator, then what a delivery round changes.
async function journeysIndicator(page, ipc, state) {
  await backHome(page);
  const flag = journeyRow(page, JOURNEY).locator('[data-testid="journey-pushes"]');
  await flag.waitFor();
  assert.equal(await flag.innerText(), "1 push queued, 1 refused");
  assert.equal(await flag.getAttribute("data-level"), "refused");
  const title = await flag.getAttribute("title");
  assert.match(title, /pause to prod queued/);
  assert.match(title, /v1 to prod refused: 422 INVALID_RELEASE/);
  await page.screenshot({ path: join(artifactsDir, "runners-home.png"), fullPage: true });

  // The pause reaches prod: only the refusal is left.
  Object.assign(state.pushes.find((p) => p.kind === "pause" && p.runner === "prod"), { state: "delivered", doneAt: "2026-12-05T10:05:02.000Z" });
  await ipc.emit(page, PUSHES_CHANGED, null);
  await until(async () => (await flag.innerText()) === "1 push refused", "the indicator after the round");

  // v2 delivered to prod makes up for v1's refusal there (the other journey keeps its own).
  state.pushes.unshift({ ...state.pushes.find((p) => p.journey === JOURNEY && p.kind === "publish" && p.runner === "prod"), id: state.nextPush++, version: 2, state: "delivered", lastError: null });
  await ipc.emit(page, PUSHES_CHANGED, null);
  await flag.waitFor({ state: "detached" });
  assert.equal(await journeyRow(page, OTHER).locator('[data-testid="journey-pushes"]').innerText(), "1 push refused");
}

// The runners cannot be listed: the dialog says so and publishing goes on as before
// (publish_journey, to the runners the journey remembers).
async function runnersUnavailable(page, url, ipc, state) {
  const { calls } = ipc;
  state.journey = draftJourney();
  state.failRunners = true;
  ipc.forget();
  await page.goto(url);
  await page.locator('[data-testid="runners-unavailable"]').waitFor();
  await openJourney(page);
  await page.locator('[data-testid="publish"]').click();
  const dialog = page.locator('[data-testid="publish-dialog"]');
  const note = dialog.locator('[data-testid="publish-runners-unavailable"]');
  await note.waitFor();
  assert.match(await note.innerText(), /STORAGE: database is locked.*last published to/);
  const before = called(calls, "publish_to_runners").length;
  await dialog.getByRole("button", { name: "Publish" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual(called(calls, "publish_journey"), [{ name: JOURNEY, drain: "closePrevious" }]);
  assert.equal(called(calls, "publish_to_runners").length, before);
}

async function main() {
  readFileSync(join(distDir, "index.html")); // fails early when `npm run build` has not run
  let server;
  let browser;
  try {
    server = await serveDir(distDir);
    browser = await launchChromium({ viewport: { width: 1360, height: 1000 } });
    const { state, handle } = backend();
    const ipc = await mockIpcWithEvents(browser.context, handle);
    const { page } = browser;
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await noRunnersYet(page, server.url, ipc.calls, state);
      await runnersScreen(page, ipc.calls, state);
      await publishToRunners(page, ipc.calls, state);
      await pushStates(page, ipc, state);
      await journeysIndicator(page, ipc, state);
      await runnersUnavailable(page, server.url, ipc, state);
    } catch (e) {
      await page.screenshot({ path: join(artifactsDir, "runners-failure.png") }).catch(() => {});
      throw e;
    }
    assert.deepEqual(state.unknown, [], "no command the mock does not know");
    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("runners browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
