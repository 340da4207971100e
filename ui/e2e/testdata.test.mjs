// Browser test of test profiles and fixtures in the designer's test panel, in the system
// Chromium: serves the built app (run `npm run build` first), opens the cart_recovery
// journey of ../examples with Tauri IPC answered from this process (harness.mjs
// mockIpcWithEvents, every call recorded with its arguments), and drives the Test event
// and Test data tabs like a user. Run with `npm run test:testdata`. The screenshot goes to
// ../tests/artifacts/test-data.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { artifactsDir, distDir, launchChromium, mockIpcWithEvents, serveDir, uiDir, until, waitForCount } from "./harness.mjs";

const bundle = JSON.parse(readFileSync(resolve(uiDir, "../examples/cart_abandonment.parcours.json"), "utf8"));
const JOURNEY = "cart_recovery";

// The journey as a draft, so the designer opens it editable; its data bindings read orders/byCart.
const journey = structuredClone(bundle.journeys.find((j) => j.name === JOURNEY));
for (const v of journey.versions) v.status = "draft";
const version = journey.versions.at(-1);
assert.deepEqual(
  version.data.map((b) => [b.source, b.group]),
  [["orders", "byCart"]],
  "the example journey reads orders/byCart",
);
assert.ok(
  version.nodes.some((n) => n.activity.type === "action" && n.activity.action === "send_reminder"),
  "the example journey calls send_reminder",
);

const GOLD = { name: "Gold in Lyon", profileId: "gold@example.com", description: "A loyal customer", values: { "cart.total": 250 } };
const goldPayload = { eventType: "cart.abandoned", email: "gold@example.com", cartId: "c-10042", cart: { total: 250, currency: "EUR" } };

// The Rust side, as far as this screen goes. Checks are canned but answer from what was
// sent, so the UI's placement of each diagnostic is what is tested.
function backend() {
  const state = {
    profiles: [structuredClone(GOLD)],
    // orders/byCart has a fixture; send_reminder has none.
    fixtures: structuredClone(bundle.fixtures.filter((f) => f.target.kind === "dataSource")),
    unknown: [],
  };
  const key = (t) => JSON.stringify(t);
  const diag = (object, path, code, severity, message) => ({ object, path, code, severity, message });

  const checkProfile = (p) => {
    const object = `testProfile:${p.name}`;
    const out = [];
    if (p.name.trim() === "") out.push(diag(object, "name", "E_INVALID_NAME", "error", "a test profile needs a name"));
    if (p.profileId.trim() === "") out.push(diag(object, "profileId", "E_PROFILE_ID_MISSING", "error", "a test profile needs the id its test events carry"));
    for (const path of Object.keys(p.values)) {
      if (!["email", "cartId", "cart.total", "cart.currency"].includes(path)) {
        out.push(diag(object, `values.${path}`, "W_PROFILE_FIELD_UNKNOWN", "warning", `no event has a field \`${path}\`: the value is never used`));
      }
    }
    return out;
  };

  const checkFixture = (f) => {
    const object = f.target.kind === "action" ? `fixture:${f.target.name}` : `fixture:${f.target.source}/${f.target.group}`;
    const out = [];
    f.responses.forEach((r, i) => {
      if (r.status < 100 || r.status > 599) out.push(diag(object, `responses[${i}].status`, "E_FIXTURE_STATUS", "error", `${r.status} is not an HTTP status (100 to 599)`));
      if (r.when?.includes("==="))
        out.push(diag(object, `responses[${i}].when`, "E_EXPR_SYNTAX", "error", `\`${r.when}\` is not a valid expression: unexpected '='`));
    });
    if (f.errorRate < 0 || f.errorRate > 1) out.push(diag(object, "errorRate", "E_FIXTURE_RATE", "error", `${f.errorRate} is not a share between 0 and 1`));
    return out;
  };

  const refuse = (diagnostics) => {
    const e = diagnostics.find((d) => d.severity === "error");
    if (e) throw { code: "INVALID_INPUT", message: `${e.object} ${e.path}: ${e.message}` };
    return diagnostics;
  };

  const handle = (cmd, args) => {
    switch (cmd) {
      case "overview":
        return {
          databasePath: "/tmp/parcours-testdata.sqlite",
          journeys: [
            {
              name: JOURNEY,
              description: journey.description ?? "",
              latestVersion: version.version,
              status: "draft",
              activities: version.nodes.length,
              updatedAt: "2026-01-01T00:00:00Z",
              errors: 0,
              warnings: 0,
            },
          ],
          events: [],
          dataSources: [],
          actions: [],
        };
      case "get_journey":
        if (args.name !== JOURNEY) throw { code: "NOT_FOUND", message: `journey '${args.name}' not found` };
        return journey;
      case "validate_journey":
      case "validate_draft":
        return [];
      case "list_events":
        return bundle.events;
      case "list_actions":
        return bundle.actions;
      case "list_data_sources":
        return bundle.dataSources;
      case "list_test_profiles":
        return state.profiles;
      case "check_test_profile":
        return checkProfile(args.profile);
      case "save_test_profile": {
        const diagnostics = refuse(checkProfile(args.profile));
        state.profiles = [...state.profiles.filter((p) => p.name !== args.profile.name), args.profile];
        return diagnostics;
      }
      case "delete_test_profile":
        state.profiles = state.profiles.filter((p) => p.name !== args.name);
        return null;
      case "test_payload": {
        if (args.event !== "cart_abandoned") throw { code: "NOT_FOUND", message: `event '${args.event}' not found` };
        if (args.profile === GOLD.name) return goldPayload;
        const p = state.profiles.find((x) => x.name === args.profile);
        if (!p) throw { code: "NOT_FOUND", message: `test profile '${args.profile}' not found` };
        return { eventType: "cart.abandoned", email: p.profileId };
      }
      case "list_fixtures":
        return state.fixtures;
      case "check_fixture":
        return checkFixture(args.fixture);
      case "save_fixture": {
        const diagnostics = refuse(checkFixture(args.fixture));
        state.fixtures = [...state.fixtures.filter((f) => key(f.target) !== key(args.fixture.target)), args.fixture];
        return diagnostics;
      }
      case "delete_fixture":
        state.fixtures = state.fixtures.filter((f) => key(f.target) !== key(args.target));
        return null;
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
const sendReminderExample = bundle.actions.find((a) => a.name === "send_reminder").responseExample;

async function openTestPanel(page, url) {
  await page.goto(url);
  await page.locator(`[data-testid="journey-row"][data-name="${JOURNEY}"] [data-testid="open-journey"]`).click();
  await waitForCount(page, '[data-testid="canvas-node"]', version.nodes.length);
  await page.locator('[data-testid="test-toggle"]').click();
  return page.locator('[data-testid="test-panel"]');
}

async function profileChoosesPayload(page, panel, calls) {
  const select = panel.getByLabel("Test profile");
  assert.equal(await select.getAttribute("data-testid"), "test-profile", "the menu is labelled Test profile");
  await until(() => select.isEnabled(), "profiles listed");
  assert.deepEqual(await select.locator("option").allInnerTexts(), ["None (the example)", GOLD.name]);
  const payload = panel.locator('[data-testid="test-payload"]');
  assert.equal(JSON.parse(await payload.inputValue()).email, "ada@example.com", "the example first");

  // Choosing a profile fills the payload with what Rust's test_payload returns.
  await select.selectOption(GOLD.name);
  await until(() => called(calls, "test_payload").length === 1, "test_payload");
  assert.deepEqual(called(calls, "test_payload")[0].args, { event: "cart_abandoned", profile: GOLD.name });
  await until(async () => (await payload.inputValue()) === JSON.stringify(goldPayload, null, 2), "payload from the profile");

  // Reset to example follows the chosen profile.
  await payload.fill('{"email": "edited@example.com"}');
  await panel.getByRole("button", { name: "Reset to example" }).click();
  await until(() => called(calls, "test_payload").length === 2, "test_payload again");
  assert.deepEqual(called(calls, "test_payload")[1].args, { event: "cart_abandoned", profile: GOLD.name });
  await until(async () => JSON.parse(await payload.inputValue()).email === "gold@example.com", "profile payload back");

  // None: the event's example again, without asking Rust.
  await select.selectOption({ label: "None (the example)" });
  await until(async () => JSON.parse(await payload.inputValue()).email === "ada@example.com", "example back");
  assert.equal(called(calls, "test_payload").length, 2);
}

async function createProfile(page, panel, calls) {
  await panel.locator('[data-testid="test-tab-testData"]').click();
  const data = panel.locator('[data-testid="test-data"]');
  await waitForCount(page, '[data-testid="profile-item"]', 1);
  await waitForCount(page, '[data-testid="fixture-row"]', 2);

  await data.locator('[data-testid="profile-new"]').click();
  const form = data.locator('[data-testid="profile-form"]');
  await form.getByLabel("Name", { exact: true }).fill("Silver in Paris");
  // Checked as you type: Rust's diagnostic shows beside the field it names.
  await until(() => called(calls, "check_test_profile").length > 0, "check_test_profile");
  const idMessages = form.locator('[data-testid="field-messages"][data-path="profileId"]');
  await idMessages.waitFor();
  assert.match(await idMessages.innerText(), /E_PROFILE_ID_MISSING/);
  const idInput = form.getByLabel("Profile id");
  assert.equal(await idInput.getAttribute("aria-invalid"), "true");
  assert.ok((await idInput.getAttribute("aria-describedby")).includes(await idMessages.getAttribute("id")), "the message describes the input");

  // Save is refused by Rust while there are errors, and says why.
  await form.locator('[data-testid="form-save"]').click();
  const refused = form.locator('[data-testid="save-error"]');
  await refused.waitFor();
  assert.equal(await refused.getAttribute("data-code"), "INVALID_INPUT");
  assert.match(await refused.innerText(), /Not saved: INVALID_INPUT testProfile:Silver in Paris profileId: a test profile needs the id/);

  await idInput.fill("silver@example.com");
  await form.getByLabel("Field values (JSON)").fill('{"cart.total": 80, "customer.tier": "silver"}');
  const valueMessages = form.locator('[data-testid="field-messages"][data-path="values"]');
  await until(async () => /W_PROFILE_FIELD_UNKNOWN/.test((await valueMessages.innerText().catch(() => "")) ?? ""), "warning beside the values");
  assert.match(await valueMessages.innerText(), /customer\.tier/);
  await waitForCount(page, '[data-testid="profile-form"] [data-testid="field-messages"][data-path="profileId"]', 0);

  await form.locator('[data-testid="form-save"]').click();
  await form.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  const saves = called(calls, "save_test_profile");
  assert.deepEqual(saves.at(-1).args, {
    profile: { name: "Silver in Paris", profileId: "silver@example.com", values: { "cart.total": 80, "customer.tier": "silver" } },
  });
  await waitForCount(page, '[data-testid="profile-item"]', 2);
  assert.equal(await data.locator('[data-testid="profile-item"][data-name="Silver in Paris"]').getAttribute("aria-current"), "true");
  // The Test event tab's menu offers it too.
  assert.deepEqual(await panel.locator('[data-testid="test-profile"] option').allInnerTexts(), ["None (the example)", GOLD.name, "Silver in Paris"]);

  // Leaving unsaved edits asks first.
  await form.locator('[data-testid="form-description"]').fill("Occasional shopper");
  await data.locator('[data-testid="profile-item"][data-name="Gold in Lyon"] [data-testid="profile-edit"]').click();
  await data.locator('[data-testid="td-discard-prompt"]').waitFor();
  await data.locator('[data-testid="td-discard-cancel"]').click();
  assert.equal(await form.locator('[data-testid="form-description"]').inputValue(), "Occasional shopper", "edits kept");
  await data.locator('[data-testid="profile-item"][data-name="Gold in Lyon"] [data-testid="profile-edit"]').click();
  await data.locator('[data-testid="td-discard-confirm"]').click();
  await until(async () => (await form.getByLabel("Profile id").inputValue()) === GOLD.profileId, "Gold opened");
}

async function editFixture(page, panel, calls) {
  const data = panel.locator('[data-testid="test-data"]');
  const reminder = data.locator('[data-testid="fixture-row"][data-key="action:send_reminder"]');
  const orders = data.locator('[data-testid="fixture-row"][data-key="dataSource:orders/byCart"]');
  assert.equal(await reminder.locator('[data-testid="fixture-status"]').innerText(), "No fixture: the configured example answers");
  assert.equal(await orders.locator('[data-testid="fixture-status"]').innerText(), "Fixture: 2 responses");

  // A new fixture starts from the action's configured response example.
  await reminder.getByRole("button", { name: "Set up a fixture for Action send_reminder" }).click();
  const form = data.locator('[data-testid="fixture-form"]');
  await waitForCount(page, '[data-testid="fixture-response"]', 1);
  const first = form.locator('[data-testid="fixture-response"][data-index="0"]');
  assert.deepEqual(JSON.parse(await first.locator('[data-testid="response-body"]').inputValue()), sendReminderExample);
  assert.equal(await form.locator('[data-testid="fixture-remove"]').count(), 0, "nothing to remove yet");

  // A diagnostic from check_fixture shows beside the input it names.
  await first.getByLabel("When (condition, optional)").fill('request.body.to == "ada@example.com"');
  await first.getByLabel("Status").fill("42");
  const statusMessages = first.locator('[data-testid="field-messages"][data-path="responses.0.status"]');
  await statusMessages.waitFor();
  assert.match(await statusMessages.innerText(), /E_FIXTURE_STATUS\s+42 is not an HTTP status/);
  const status = first.getByLabel("Status");
  assert.equal(await status.getAttribute("aria-invalid"), "true");
  assert.ok((await status.getAttribute("aria-describedby")).includes(await statusMessages.getAttribute("id")));
  assert.equal(await form.locator('[data-testid="diag-item"][data-path="responses.0.status"]').innerText().then((t) => /Response 1, status/.test(t)), true);
  const checked = called(calls, "check_fixture").at(-1).args.fixture;
  assert.deepEqual(checked.target, { kind: "action", name: "send_reminder" });
  assert.equal(checked.responses[0].status, 42);
  await statusMessages.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifactsDir, "test-data.png") });

  // A body that is not JSON is marked without asking Rust.
  await first.getByLabel("Body (JSON)").fill('{"error": ');
  await first.locator('[data-testid="field-messages"][data-path="responses.0.body"]').waitFor();
  assert.equal(await form.locator('[data-testid="check-status"]').getAttribute("data-state"), "blocked");

  await status.fill("503");
  await first.getByLabel("Body (JSON)").fill('{"error": "mailbox full"}');
  await first.getByLabel("Latency (ms, optional)").fill("250");
  await form.locator('[data-testid="response-add"]').click();
  const second = form.locator('[data-testid="fixture-response"][data-index="1"]');
  await second.getByLabel("Status").fill("202");
  await second.getByLabel("Body (JSON)").fill('{"queued": true}');
  await form.getByLabel("Error rate (0 to 1)").fill("0.1");
  await form.getByLabel("Latency (ms)", { exact: true }).fill("40");
  await waitForCount(page, '[data-testid="fixture-form"] [data-testid="field-messages"]', 0);

  await form.locator('[data-testid="form-save"]').click();
  await form.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  assert.deepEqual(called(calls, "save_fixture").at(-1).args, {
    fixture: {
      target: { kind: "action", name: "send_reminder" },
      responses: [
        { when: 'request.body.to == "ada@example.com"', status: 503, body: { error: "mailbox full" }, latencyMs: 250 },
        { status: 202, body: { queued: true } },
      ],
      latencyMs: 40,
      errorRate: 0.1,
      timeoutRate: 0,
    },
  });
  await until(async () => (await reminder.locator('[data-testid="fixture-status"]').innerText()) === "Fixture: 2 responses", "row updated");
  await form.locator('[data-testid="fixture-remove"]').waitFor();
}

// The payload follows the chosen profile: edited and saved in the Test data tab, it is
// filled again; deleted, the example comes back (checked after removeFixtureAndProfile).
async function payloadFollowsProfile(page, panel, calls) {
  const payload = panel.locator('[data-testid="test-payload"]');
  await panel.locator('[data-testid="test-tab-event"]').click();
  await panel.locator('[data-testid="test-profile"]').selectOption("Silver in Paris");
  await until(async () => JSON.parse(await payload.inputValue()).email === "silver@example.com", "Silver's payload");
  const before = called(calls, "test_payload").length;

  await panel.locator('[data-testid="test-tab-testData"]').click();
  const data = panel.locator('[data-testid="test-data"]');
  await data.locator('[data-testid="profile-item"][data-name="Silver in Paris"] [data-testid="profile-edit"]').click();
  const form = data.locator('[data-testid="profile-form"]');
  await until(async () => (await form.getByLabel("Profile id").inputValue()) === "silver@example.com", "Silver opened");
  await form.getByLabel("Profile id").fill("silver2@example.com");
  await form.locator('[data-testid="form-save"]').click();
  await until(() => called(calls, "test_payload").length === before + 1, "filled again after the save");
  assert.deepEqual(called(calls, "test_payload")[before].args, { event: "cart_abandoned", profile: "Silver in Paris" });
  await panel.locator('[data-testid="test-tab-event"]').click();
  await until(async () => JSON.parse(await payload.inputValue()).email === "silver2@example.com", "the edited profile's payload");
  await panel.locator('[data-testid="test-tab-testData"]').click();
}

async function removeFixtureAndProfile(page, panel, calls) {
  const data = panel.locator('[data-testid="test-data"]');
  const orders = data.locator('[data-testid="fixture-row"][data-key="dataSource:orders/byCart"]');
  await orders.locator('[data-testid="fixture-edit"]').click();
  const form = data.locator('[data-testid="fixture-form"]');
  await until(async () => (await form.locator("h3").innerText()).includes("Data source orders, field group byCart"), "orders fixture open");
  await waitForCount(page, '[data-testid="fixture-response"]', 2);
  assert.equal(await form.locator('[data-testid="fixture-response"][data-index="0"] [data-testid="response-when"]').inputValue(), 'request.params.cartId.startsWith("paid-")');

  // Removing asks first: Cancel removes nothing.
  await form.locator('[data-testid="fixture-remove"]').click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Remove this fixture\?/);
  assert.equal(called(calls, "delete_fixture").length, 0, "nothing deleted before confirming");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await waitForCount(page, "dialog[open]", 0);
  assert.equal(called(calls, "delete_fixture").length, 0);
  await form.locator('[data-testid="fixture-remove"]').click();
  await page.locator('dialog[open] [data-testid="confirm"]').click();
  await until(() => called(calls, "delete_fixture").length === 1, "delete_fixture");
  assert.deepEqual(called(calls, "delete_fixture")[0].args, { target: { kind: "dataSource", source: "orders", group: "byCart" } });
  await until(async () => (await orders.locator('[data-testid="fixture-status"]').innerText()) === "No fixture: the configured example answers", "row updated");
  assert.equal(await form.count(), 0, "the removed fixture's form is closed");

  // Deleting a profile asks first too.
  await data.locator('[data-testid="profile-item"][data-name="Silver in Paris"]').getByRole("button", { name: "Delete test profile Silver in Paris" }).click();
  await page.getByRole("dialog").waitFor();
  assert.match(await page.getByRole("dialog").innerText(), /Delete test profile Silver in Paris\?/);
  assert.equal(called(calls, "delete_test_profile").length, 0, "nothing deleted before confirming");
  await page.locator('dialog[open] [data-testid="confirm"]').click();
  await waitForCount(page, '[data-testid="profile-item"]', 1);
  assert.deepEqual(called(calls, "delete_test_profile").map((c) => c.args), [{ name: "Silver in Paris" }]);
}

async function main() {
  readFileSync(join(distDir, "index.html")); // fails early when `npm run build` has not run
  let server;
  let browser;
  try {
    server = await serveDir(distDir);
    browser = await launchChromium({ viewport: { width: 1360, height: 1000 } });
    const { state, handle } = backend();
    // With Tauri's event plugin: the home screen listens for `pushes-changed`.
    const { calls } = await mockIpcWithEvents(browser.context, handle);
    const { page } = browser;
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      const panel = await openTestPanel(page, server.url);
      await profileChoosesPayload(page, panel, calls);
      await createProfile(page, panel, calls);
      await editFixture(page, panel, calls);
      await payloadFollowsProfile(page, panel, calls);
      await removeFixtureAndProfile(page, panel, calls);
      await panel.locator('[data-testid="test-tab-event"]').click();
      assert.equal(await panel.locator('[data-testid="test-profile"]').inputValue(), "", "the deleted profile is no longer chosen");
      await until(
        async () => JSON.parse(await panel.locator('[data-testid="test-payload"]').inputValue()).email === "ada@example.com",
        "the example is back",
      );
    } catch (e) {
      await page.screenshot({ path: join(artifactsDir, "test-data-failure.png") }).catch(() => {});
      throw e;
    }
    assert.deepEqual(state.unknown, [], "no command the mock does not know");
    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("test data browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
