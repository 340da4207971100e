// Browser test of what each role sees and may do in the built app (run `npm run build`
// first), with Tauri IPC answered from this process (harness.mjs mockIpcWithEvents: every
// call recorded with its arguments). Per role, `current_user` answers with the
// permissions Rust gives it (read from crates/workspace/src/access.rs, see harness.mjs):
// the header names the person and the role; what the role may not do stays in view,
// aria-disabled, its reason on hover and on keyboard focus, and pressing it sends nothing;
// what it may do works. The administrator's Users screen adds people, changes roles (a
// refusal from Rust shows its message; one's own change takes effect at once) and
// removes them. Run with `npm run test:roles`. Screenshots go to ../tests/artifacts/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { artifactsDir, distDir, launchChromium, mockIpcWithEvents, serveDir, uiDir, userWithRole, waitForCount } from "./harness.mjs";

const DRAFT = "cart_recovery";
const LIVE = "loyalty_upgrade";
const read = (file) => JSON.parse(readFileSync(resolve(uiDir, "../examples", file), "utf8"));
const cart = read("cart_abandonment.parcours.json");
const loyalty = read("loyalty_upgrade.parcours.json");

/** What a role may not do, as the app says it (access/permissions.ts). */
const refusal = (role, doing) => `Your role (${role}) may not ${doing} — ask an administrator`;
const CONFIGS = "manage events, data sources and actions";
const LAST_ADMIN = "ada is the last administrator of the workspace: make someone else administrator first";

// cart_recovery as a draft (so it can be edited and published), loyalty_upgrade live.
function journeys() {
  const draft = structuredClone(cart.journeys.find((j) => j.name === DRAFT));
  for (const v of draft.versions) {
    v.status = "draft";
    delete v.publishedAt;
  }
  const live = structuredClone(loyalty.journeys.find((j) => j.name === LIVE));
  for (const v of live.versions) {
    v.status = "live";
    v.publishedAt ??= "2026-12-01T09:00:00Z";
  }
  return { [DRAFT]: draft, [LIVE]: live };
}

// The Rust side as far as these screens go, for a workspace where `me` is working.
function backend(me) {
  const state = {
    me,
    users: [
      { name: "ada", role: "administrator", addedAt: "2026-12-01T09:00:00Z", addedBy: "ada" },
      { name: "bea", role: "business", addedAt: "2026-12-02T10:30:00Z", addedBy: "ada" },
      { name: "carl", role: "technical", addedAt: "2026-12-03T11:00:00Z", addedBy: "ada" },
      { name: "pia", role: "publisher", addedAt: "2026-12-03T11:05:00Z", addedBy: "ada" },
      { name: "vic", role: "viewer", addedAt: "2026-12-03T11:10:00Z", addedBy: "ada" },
    ],
    journeys: journeys(),
    unknown: [],
  };
  const user = (name) => state.users.find((u) => u.name === name);
  const known = (name) => {
    if (!user(name)) throw { code: "NOT_FOUND", message: `user '${name}' not found` };
  };
  const lastAdmin = (name) => user(name).role === "administrator" && state.users.filter((u) => u.role === "administrator").length === 1;
  const versionState = (v) => (v.status === "live" && v.pausedAt ? "paused" : v.status);
  const summary = (j) => {
    const v = j.versions.at(-1);
    return {
      name: j.name,
      description: j.description ?? "",
      latestVersion: v.version,
      status: v.status,
      state: versionState(v),
      activities: v.nodes.length,
      updatedAt: "2026-12-05T09:00:00Z",
      errors: 0,
      warnings: 0,
    };
  };
  const configs = (list) => list.map((c) => ({ name: c.name, description: c.description ?? "", usedIn: 1 }));

  const handle = (cmd, args) => {
    switch (cmd) {
      case "barrier":
        return null;
      case "current_user": {
        const u = user(state.me);
        return userWithRole(u.name, u.role);
      }
      case "overview":
        return {
          databasePath: "/tmp/parcours-roles-test.sqlite",
          journeys: Object.values(state.journeys).map(summary),
          events: configs(cart.events),
          dataSources: configs(cart.dataSources),
          actions: configs(cart.actions),
        };
      case "list_runners":
      case "list_pushes":
      case "journey_runners":
      case "audit_log":
      case "validate_journey":
      case "validate_draft":
      case "list_test_profiles":
      case "list_fixtures":
      case "check_event":
      case "check_action":
      case "check_data_source":
        return [];
      case "secret_status":
        return { name: args.name, set: true, store: "keychain", origins: ["https://crm.example.com"], allowHttp: false, usedBy: [], problems: [] };
      case "secrets_overview":
        return { keychainProblem: null, file: "/tmp/secrets.enc", fileUnlocked: false, secrets: [] };
      case "list_events":
        return cart.events;
      case "list_actions":
        return cart.actions;
      case "list_data_sources":
        return cart.dataSources;
      case "save_event":
        return [];
      case "get_journey": {
        const j = state.journeys[args.name];
        if (!j) throw { code: "NOT_FOUND", message: `journey '${args.name}' not found` };
        return j;
      }
      case "journey_versions":
        return state.journeys[args.name].versions.map((v) => ({
          version: v.version,
          state: versionState(v),
          ...(v.publishedAt ? { publishedAt: v.publishedAt, publishedBy: "pia", sha256: "9f2c4e1ab37d".padEnd(64, "0") } : {}),
        }));
      case "publish_journey": {
        const v = state.journeys[args.name].versions.at(-1);
        v.status = "live";
        v.publishedAt = "2026-12-05T10:00:00Z";
        return { version: v.version, sha256: "9f2c4e1ab37d".padEnd(64, "0"), journeySha256: "1".repeat(64), closed: [] };
      }
      case "list_users":
        if (!userWithRole(state.me, user(state.me).role).permissions.includes("manageUsers"))
          throw { code: "FORBIDDEN", message: `${state.me} may not manage users` };
        return state.users;
      case "add_user":
        if (user(args.name)) throw { code: "CONFLICT", message: `user '${args.name}' exists already` };
        state.users.push({ name: args.name, role: args.role, addedAt: "2026-12-05T10:00:00Z", addedBy: state.me });
        return null;
      case "set_user_role":
        known(args.name);
        if (args.role !== "administrator" && lastAdmin(args.name)) throw { code: "CONFLICT", message: LAST_ADMIN };
        user(args.name).role = args.role;
        return null;
      case "remove_user":
        known(args.name);
        if (lastAdmin(args.name)) throw { code: "CONFLICT", message: LAST_ADMIN };
        state.users = state.users.filter((u) => u.name !== args.name);
        return null;
      default:
        state.unknown.push(cmd);
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

// ---------- helpers ----------

const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);
const journeyRow = (page, name) => page.locator(`[data-testid="journey-row"][data-name="${name}"]`);

// What screens read in the background (a form checked as you type, pushes refreshed):
// a guarded button's press may coincide with one, and changes nothing.
const READS = new Set([
  "check_event",
  "check_action",
  "check_data_source",
  "secret_status",
  "secrets_overview",
  "list_pushes",
  "list_runners",
  "validate_draft",
]);

/** Waits until every IPC call the page has made so far has reached this process. */
async function settled(page) {
  await page.evaluate(() => window.__TAURI_INTERNALS__.invoke("barrier", {}));
}

/** Presses Tab until `target` has the focus: it is reachable by keyboard. */
async function tabTo(page, target, from) {
  await from.focus();
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`${target} is not reachable with Tab`);
}

/**
 * `button` is there but guarded: aria-disabled (so focusable), `reason` as its title
 * (hover) and as the tip it is described by, shown on hover and on focus; Enter, Space
 * and a click do nothing (no IPC call).
 */
async function assertGuarded(page, calls, button, reason) {
  await button.waitFor();
  assert.equal(await button.getAttribute("aria-disabled"), "true", "aria-disabled");
  assert.equal(await button.getAttribute("disabled"), null, "not disabled: it keeps the focus");
  assert.equal(await button.getAttribute("title"), reason, "the reason on hover (title)");
  const tipId = (await button.getAttribute("aria-describedby")).split(" ").at(-1);
  const tip = page.locator(`[id="${tipId}"]`);
  assert.equal(await tip.textContent(), reason, "the reason tied by aria-describedby");
  // Neither hovered nor focused: the tip is hidden.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await tip.waitFor({ state: "hidden" });
  await button.hover();
  await tip.waitFor({ state: "visible" });
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: "hidden" });
  await button.focus();
  await tip.waitFor({ state: "visible" });
  const before = calls.length;
  await page.keyboard.press("Enter");
  await page.keyboard.press(" ");
  await button.click({ force: true });
  await settled(page);
  assert.deepEqual(
    calls.slice(before).map((c) => c.cmd).filter((cmd) => !READS.has(cmd)),
    ["barrier"],
    "pressing a guarded button sends nothing",
  );
}

async function assertNotGuarded(button) {
  await button.waitFor();
  assert.equal(await button.getAttribute("aria-disabled"), null, `${await button.innerText()} is not guarded`);
}

async function home(page, url, ipc, name, role) {
  ipc.forget();
  await page.goto(url);
  await journeyRow(page, DRAFT).waitFor();
  const who = byTestId(page, "current-user");
  await page.locator('[data-testid="current-user"][data-state="ready"]').waitFor();
  assert.equal(await byTestId(page, "current-user-name").innerText(), name, "the header names who is working");
  assert.equal(await byTestId(page, "current-user-role").getAttribute("data-role"), role);
  assert.match(await who.innerText(), new RegExp(`Working as\\s+${name}\\s+${role}`, "i"), "and their role");
  await waitForCount(page, '[data-testid="open-users"]', role === "administrator" ? 1 : 0);
}

async function openJourney(page, name) {
  await journeyRow(page, name).getByRole("button", { name, exact: true }).click();
  await byTestId(page, "canvas").waitFor();
}

async function backHome(page) {
  await byTestId(page, "back").click();
  await journeyRow(page, DRAFT).waitFor();
}

/** Opens a configuration kind's screen from the home; its button says Manage or View. */
async function openConfigs(page, kind, verb) {
  const button = page.locator(`[data-testid="manage-config"][data-kind="${kind}"]`);
  assert.equal(await button.innerText(), verb);
  await button.click();
  await byTestId(page, "config-screen").waitFor();
}

async function closeConfigs(page) {
  await byTestId(page, "config-close").click();
  await journeyRow(page, DRAFT).waitFor();
}

/** The configuration screens are read-only, say why, and save nothing. */
async function configurationsReadOnly(page, calls, role) {
  const reason = refusal(role, CONFIGS);
  await openConfigs(page, "event", "View");
  assert.equal(await byTestId(page, "config-permission-note").innerText(), reason);
  await assertGuarded(page, calls, byTestId(page, "config-new"), reason);
  await assertGuarded(page, calls, byTestId(page, "config-delete").first(), reason);

  const view = byTestId(page, "config-edit").first();
  assert.equal(await view.innerText(), "View");
  await view.click();
  const form = byTestId(page, "event-form");
  await form.waitFor();
  // Checked (a read: anyone may) before anything is pressed.
  await page.locator('[data-testid="check-status"][data-state="checked"]').waitFor();
  assert.equal(await form.getAttribute("data-read-only"), "true");
  assert.equal(await byTestId(page, "form-read-only").innerText(), `Read-only. ${reason}.`, "a visible note says why");
  assert.ok(await byTestId(page, "form-name").isDisabled(), "inputs are read-only");
  assert.ok(await byTestId(page, "form-description").isDisabled());
  const save = byTestId(page, "form-save");
  // Save is reached by keyboard from the list, and says why it does nothing.
  await tabTo(page, save, view);
  await assertGuarded(page, calls, save, reason);
  assert.deepEqual(called(calls, "save_event"), [], "no save_event call");
  await closeConfigs(page);

  // A data source's secret cannot be stored either.
  await openConfigs(page, "dataSource", "View");
  await byTestId(page, "config-edit").first().click();
  await byTestId(page, "data-source-form").waitFor();
  await byTestId(page, "secret-setter").first().waitFor();
  assert.ok(await byTestId(page, "secret-save").first().isDisabled(), "Save secret is read-only");
  assert.ok(await byTestId(page, "secret-input").first().isDisabled());
  assert.deepEqual(called(calls, "set_secret"), []);
  assert.deepEqual(called(calls, "bind_secret"), []);
  await closeConfigs(page);
}

// ---------- per role ----------

// Business: draws, tests and publishes journeys; the configurations are read-only.
async function business(page, url, ipc) {
  const { calls } = ipc;
  await home(page, url, ipc, "bea", "business");
  await assertNotGuarded(byTestId(page, "new-journey"));
  await assertNotGuarded(byTestId(page, "import-bundle"));
  await waitForCount(page, '[data-testid="journeys-permission-note"]', 0);
  await configurationsReadOnly(page, calls, "business");
  await page.screenshot({ path: join(artifactsDir, "roles-business-home.png") });

  await openJourney(page, DRAFT);
  await waitForCount(page, '[data-testid="read-only"]', 0);
  await page.locator(".palette").waitFor();
  await assertNotGuarded(byTestId(page, "publish"));
  // Test mode, but real calls (the keychain's secrets) need the configurations' right.
  await byTestId(page, "test-toggle").click();
  await byTestId(page, "test-panel").waitFor();
  assert.ok(await byTestId(page, "real-calls").isDisabled());
  assert.equal((await byTestId(page, "real-calls-denied").innerText()).trim(), `${refusal("business", CONFIGS)}.`);
  await backHome(page);
}

// Technical: edits configurations; the canvas is read-only and publishing unavailable.
async function technical(page, url, ipc) {
  const { calls } = ipc;
  await home(page, url, ipc, "carl", "technical");
  const journeysDenied = refusal("technical", "manage journeys");
  assert.equal(await byTestId(page, "journeys-permission-note").innerText(), journeysDenied);
  await assertGuarded(page, calls, byTestId(page, "new-journey"), journeysDenied);
  await assertGuarded(page, calls, journeyRow(page, DRAFT).locator('[data-testid="delete-journey"]'), journeysDenied);
  await assertNotGuarded(byTestId(page, "import-bundle"));

  await openConfigs(page, "event", "Manage");
  await waitForCount(page, '[data-testid="config-permission-note"]', 0);
  await assertNotGuarded(byTestId(page, "config-new"));
  await byTestId(page, "config-edit").first().click();
  await byTestId(page, "event-form").waitFor();
  await waitForCount(page, '[data-testid="form-read-only"]', 0);
  await byTestId(page, "form-description").fill("A cart left behind");
  await byTestId(page, "form-save").click();
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  const saved = called(calls, "save_event");
  assert.equal(saved.length, 1);
  assert.equal(saved[0].event.description, "A cart left behind");
  await closeConfigs(page);

  await openJourney(page, DRAFT);
  assert.equal(await byTestId(page, "read-only").innerText(), journeysDenied, "the canvas says why it is read-only");
  await waitForCount(page, ".palette", 0);
  await page.locator('[data-testid="canvas-node"]').first().click();
  await page.locator("fieldset.inspector-form[disabled]").waitFor();
  await assertGuarded(page, calls, byTestId(page, "publish"), refusal("technical", "publish journeys"));
  await waitForCount(page, '[data-testid="publish-dialog"]', 0);
  await assertNotGuarded(byTestId(page, "test-toggle"));
  await byTestId(page, "test-toggle").click();
  await byTestId(page, "test-panel").waitFor();
  assert.equal(await byTestId(page, "real-calls").isDisabled(), false, "real calls: technical may");
  await page.screenshot({ path: join(artifactsDir, "roles-technical-canvas.png") });
  await backHome(page);
  assert.deepEqual(called(calls, "save_journey"), [], "a read-only canvas saves nothing");
  assert.deepEqual(called(calls, "publish_journey"), []);
}

// Publisher: publishes and moves journeys, but edits nothing.
async function publisher(page, url, ipc) {
  const { calls } = ipc;
  await home(page, url, ipc, "pia", "publisher");
  await assertGuarded(page, calls, byTestId(page, "new-journey"), refusal("publisher", "manage journeys"));
  await assertGuarded(page, calls, byTestId(page, "import-bundle"), refusal("publisher", `manage journeys or ${CONFIGS}`));
  await openConfigs(page, "action", "View");
  assert.equal(await byTestId(page, "config-permission-note").innerText(), refusal("publisher", CONFIGS));
  await closeConfigs(page);

  await openJourney(page, DRAFT);
  assert.equal(await byTestId(page, "read-only").innerText(), refusal("publisher", "manage journeys"));
  await waitForCount(page, ".palette", 0);
  await assertNotGuarded(byTestId(page, "publish"));
  await byTestId(page, "publish").click();
  const dialog = byTestId(page, "publish-dialog");
  await dialog.locator('[data-testid="publish-no-runners"]').waitFor();
  await dialog.locator('[data-testid="confirm"]').click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual(called(calls, "publish_journey"), [{ name: DRAFT, drain: "closePrevious" }]);
  await page.locator('[data-testid="version-state"][data-state="live"]').waitFor();

  // Now live: pausing is the publisher's; stopping also needs the journeys' right.
  await byTestId(page, "versions-toggle").click();
  await byTestId(page, "versions-panel").waitFor();
  await assertNotGuarded(byTestId(page, "journey-pause"));
  await assertGuarded(page, calls, byTestId(page, "journey-stop"), refusal("publisher", "manage journeys"));
  await assertGuarded(page, calls, byTestId(page, "new-version"), refusal("publisher", "manage journeys"));
  await byTestId(page, "versions-toggle").click();
  await backHome(page);
}

// Viewer: reads everything, changes nothing, cannot test; reports are theirs.
async function viewer(page, url, ipc) {
  const { calls } = ipc;
  await home(page, url, ipc, "vic", "viewer");
  const journeysDenied = refusal("viewer", "manage journeys");
  await assertGuarded(page, calls, byTestId(page, "import-bundle"), refusal("viewer", `manage journeys or ${CONFIGS}`));
  await assertGuarded(page, calls, byTestId(page, "new-journey"), journeysDenied);
  await assertGuarded(page, calls, journeyRow(page, DRAFT).locator('[data-testid="duplicate-journey"]'), journeysDenied);
  await assertGuarded(page, calls, journeyRow(page, LIVE).locator('[data-testid="delete-journey"]'), journeysDenied);
  await page.screenshot({ path: join(artifactsDir, "roles-viewer-home.png") }); // the last row's tip, focused
  await assertNotGuarded(journeyRow(page, DRAFT).locator('[data-testid="export-journey"]'));
  await configurationsReadOnly(page, calls, "viewer");

  await byTestId(page, "manage-runners").click();
  await byTestId(page, "runners-screen").waitFor();
  assert.equal(await byTestId(page, "runners-permission-note").innerText(), refusal("viewer", "publish journeys"));
  await assertGuarded(page, calls, byTestId(page, "runner-add"), refusal("viewer", "publish journeys"));
  await byTestId(page, "runners-close").click();

  await openJourney(page, DRAFT);
  assert.equal(await byTestId(page, "read-only").innerText(), journeysDenied);
  await waitForCount(page, ".palette", 0);
  await assertGuarded(page, calls, byTestId(page, "publish"), refusal("viewer", "publish journeys"));
  await assertGuarded(page, calls, byTestId(page, "test-toggle"), refusal("viewer", "simulate"));
  await waitForCount(page, '[data-testid="test-panel"]', 0);
  // Reports are a viewer's: the live figures and the report screen open.
  await byTestId(page, "live-toggle").click();
  await byTestId(page, "live-no-runner").waitFor();
  await byTestId(page, "live-toggle").click();
  await byTestId(page, "report-open").click();
  await byTestId(page, "report-no-runner").waitFor();
  await page.screenshot({ path: join(artifactsDir, "roles-viewer-report.png") });
  await page.locator('[data-testid="report-screen"]').getByRole("button", { name: /close/i }).first().click();
  await waitForCount(page, '[data-testid="report-screen"]', 0);
  await backHome(page);

  await openJourney(page, LIVE);
  await assertGuarded(page, calls, byTestId(page, "new-version"), journeysDenied);
  await byTestId(page, "versions-toggle").click();
  await byTestId(page, "versions-panel").waitFor();
  assert.equal(await byTestId(page, "moves-permission-note").innerText(), refusal("viewer", "publish journeys or manage journeys"));
  await assertGuarded(page, calls, byTestId(page, "journey-pause"), refusal("viewer", "publish journeys"));
  await assertGuarded(page, calls, byTestId(page, "journey-close"), refusal("viewer", "publish journeys"));
  await assertGuarded(page, calls, byTestId(page, "journey-stop"), refusal("viewer", "publish journeys or manage journeys"));
  await page.screenshot({ path: join(artifactsDir, "roles-viewer-versions.png") });
  await backHome(page);
  for (const cmd of ["save_journey", "new_version", "pause_journey", "close_journey", "stop_journey", "run_test_events", "create_journey", "delete_journey", "duplicate_journey", "import_bundle_file"])
    assert.deepEqual(called(calls, cmd), [], `a viewer sends no ${cmd}`);
}

// Administrator: everything, and the Users screen.
async function administrator(page, url, ipc, state) {
  const { calls } = ipc;
  await home(page, url, ipc, "ada", "administrator");
  await byTestId(page, "open-users").click();
  const screen = byTestId(page, "users-screen");
  await screen.waitFor();
  await waitForCount(page, '[data-testid="user-row"]', 5);
  const row = (name) => page.locator(`[data-testid="user-row"][data-name="${name}"]`);
  assert.match(await row("ada").innerText(), /ada \(you\)/);
  assert.match(await row("bea").innerText(), /ada\s+2026-12-02 10:30:00 UTC/, "added by and when");
  assert.equal(await row("bea").locator('[data-testid="user-role"]').inputValue(), "business");

  // Add a person with a role.
  await byTestId(page, "user-add").click();
  await byTestId(page, "user-name").fill("dora");
  await byTestId(page, "user-new-role").selectOption("viewer");
  await byTestId(page, "user-save").click();
  await row("dora").waitFor();
  assert.deepEqual(called(calls, "add_user"), [{ name: "dora", role: "viewer" }]);
  assert.equal(await row("dora").getAttribute("data-role"), "viewer");
  assert.equal(await byTestId(page, "users-note").innerText(), "dora added as viewer.");
  await waitForCount(page, '[data-testid="user-form"]', 0);

  // Change a role.
  await row("bea").locator('[data-testid="user-role"]').selectOption("publisher");
  await page.locator('[data-testid="user-row"][data-name="bea"][data-role="publisher"]').waitFor();
  assert.deepEqual(called(calls, "set_user_role"), [{ name: "bea", role: "publisher" }]);

  // A change Rust refuses: its message shows, and the role stays as it was.
  await row("ada").locator('[data-testid="user-role"]').selectOption("business");
  const refused = byTestId(page, "users-action-error");
  await refused.waitFor();
  assert.match(await refused.innerText(), new RegExp(`CONFLICT.*${LAST_ADMIN}`));
  assert.deepEqual(called(calls, "set_user_role").at(-1), { name: "ada", role: "business" });
  await page.waitForFunction(() => document.querySelector('[data-testid="user-row"][data-name="ada"] select').value === "administrator");
  assert.equal(state.users.find((u) => u.name === "ada").role, "administrator");
  await page.screenshot({ path: join(artifactsDir, "roles-users.png") });

  // Remove someone, asked first; removing the last administrator is refused in the dialog.
  await row("carl").locator('[data-testid="user-remove"]').click();
  let dialog = page.locator("dialog[open]");
  await dialog.getByText("carl can no longer open this workspace").waitFor();
  await dialog.locator('[data-testid="confirm"]').click();
  await row("carl").waitFor({ state: "detached" });
  assert.deepEqual(called(calls, "remove_user"), [{ name: "carl" }]);

  await row("ada").locator('[data-testid="user-remove"]').click();
  dialog = page.locator("dialog[open]");
  await dialog.locator('[data-testid="confirm"]').click();
  await dialog.locator('[data-testid="error-banner"]').getByText(LAST_ADMIN).waitFor();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  await row("ada").waitFor();

  // With another administrator, ada may become business: what she may do follows at once.
  await row("dora").locator('[data-testid="user-role"]').selectOption("administrator");
  await page.locator('[data-testid="user-row"][data-name="dora"][data-role="administrator"]').waitFor();
  const currentUserCalls = called(calls, "current_user").length;
  await row("ada").locator('[data-testid="user-role"]').selectOption("business");
  await page.locator('[data-testid="current-user-role"][data-role="business"]').waitFor();
  assert.ok(called(calls, "current_user").length > currentUserCalls, "the current user is read again");
  assert.equal(await screen.locator('[data-testid="permission-note"]').innerText(), refusal("business", "manage users"));
  await waitForCount(page, '[data-testid="user-row"]', 0);
  await byTestId(page, "users-close").click();
  await journeyRow(page, DRAFT).waitFor();
  await waitForCount(page, '[data-testid="open-users"]', 0);
}

async function main() {
  readFileSync(join(distDir, "index.html")); // fails early when `npm run build` has not run
  let server;
  let browser;
  try {
    server = await serveDir(distDir);
    browser = await launchChromium({ viewport: { width: 1360, height: 1000 } });
    let current = backend("ada");
    // current_user is answered by the backend of the role under test, not the harness.
    const ipc = await mockIpcWithEvents(browser.context, (cmd, args) => current.handle(cmd, args), { user: null });
    const { page } = browser;
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const unknown = [];
    const as = async (name, run) => {
      current = backend(name);
      ipc.calls.length = 0; // each role's calls on their own
      await run(page, server.url, ipc, current.state);
      unknown.push(...current.state.unknown);
    };
    try {
      await as("bea", business);
      await as("carl", technical);
      await as("pia", publisher);
      await as("vic", viewer);
      await as("ada", administrator);
    } catch (e) {
      await page.screenshot({ path: join(artifactsDir, "roles-failure.png") }).catch(() => {});
      throw e;
    }
    assert.deepEqual(unknown, [], "no command the mock does not know");
    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("roles browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
