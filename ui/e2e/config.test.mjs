// Browser test of the configuration forms (ui/src/config) in the system Chromium: builds
// the dev-only config-harness.html entry, serves it, mocks Tauri IPC from this process
// and drives the event and custom action forms like a user. Run with
// `npm run test:config`. Screenshots go to ../tests/artifacts/.
import assert from "node:assert/strict";
import { join } from "node:path";

import { artifactsDir, buildConfigHarness, launchChromium, mockIpc, serveDir, until, waitForCount } from "./harness.mjs";

const SECRET_VALUE = "s3cr3t-value-never-saved";
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

// ---------- a small stand-in for the Rust side ----------
// Only what the flows need: the real rules live in crates/model/src/validate/config.rs;
// diagnostics use its path spelling (`fields[1].fields[0].name`).
function diag(object, path, code, message) {
  return { object, path, code, severity: code.startsWith("W_") ? "warning" : "error", message };
}

function checkEvent(event) {
  const object = `event:${event.name}`;
  const out = [];
  const walk = (fields, prefix) =>
    fields.forEach((f, i) => {
      const path = `${prefix}[${i}]`;
      if (!IDENT.test(f.name)) out.push(diag(object, `${path}.name`, "E_INVALID_NAME", `field name \`${f.name}\` is not an identifier`));
      walk(f.fields ?? [], `${path}.fields`);
    });
  walk(event.fields, "fields");
  return out;
}

function checkAction(action) {
  const object = `action:${action.name}`;
  const out = [];
  if (!/^https?:\/\/[^/\s]+/.test(action.url)) out.push(diag(object, "url", "E_INVALID_URL", `\`${action.url}\` is not an http(s) URL with a host`));
  if (action.timeoutMs < 1000 || action.timeoutMs > 30000) out.push(diag(object, "timeoutMs", "E_TIMEOUT_RANGE", `timeout ${action.timeoutMs} ms is outside 1–30 s`));
  return out;
}

const signup = {
  name: "signup",
  description: "A person signs up",
  profileId: "email",
  recognition: { kind: "systemId", field: "eventId", id: "evt_signup" },
  fields: [
    { name: "eventId", type: "string", required: true },
    { name: "email", type: "string", required: true },
  ],
};

function backend() {
  const state = { events: [signup], actions: [], secrets: new Map(), failNextSave: false };
  const upsert = (list, item) => [...list.filter((x) => x.name !== item.name), item];
  const handle = (cmd, args) => {
    switch (cmd) {
      case "list_events":
        return state.events;
      case "check_event":
        return checkEvent(args.event);
      case "save_event":
        if (state.failNextSave) {
          state.failNextSave = false;
          throw { code: "STORAGE", message: "database is locked" };
        }
        state.events = upsert(state.events, args.event);
        return checkEvent(args.event);
      case "delete_event":
        if (args.name === "signup") throw { code: "IN_USE", message: "event `signup` is used by journeys: welcome_series, vip_onboarding" };
        state.events = state.events.filter((e) => e.name !== args.name);
        return null;
      case "list_actions":
        return state.actions;
      case "check_action":
        return checkAction(args.action);
      case "save_action":
        state.actions = upsert(state.actions, args.action);
        return checkAction(args.action);
      case "set_secret":
        state.secrets.set(args.name, args.value);
        return null;
      case "secret_is_set":
        return state.secrets.has(args.name);
      default:
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

// Records what the page copies; `window.__denyClipboard` makes the copy fail.
function stubClipboard() {
  Object.defineProperty(window.navigator, "clipboard", {
    configurable: true,
    value: {
      writeText: async (text) => {
        if (window.__denyClipboard) throw new Error("NotAllowedError");
        window.__copied = text;
      },
    },
  });
}

const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd);

// ---------- event form ----------
async function eventFlow(page, url, calls, state) {
  await page.goto(`${url}config-harness.html?kind=events`);
  await waitForCount(page, '[data-testid="config-item"]', 1);
  await page.locator('[data-testid="config-new"]').click();
  const form = page.locator('[data-testid="event-form"]');
  await form.waitFor();
  assert.equal(await page.locator('[data-testid="save-status"]').getAttribute("data-state"), "unchanged");

  await page.locator('[data-testid="form-name"]').fill("order_placed");
  await page.locator('[data-testid="form-description"]').fill("An order is placed");

  // Fields: email (required), customer { "bad id" } – the nested name is refused by the check.
  await page.locator('[data-testid="add-field"]').click();
  const email = page.locator('[data-diag-path="fields.0.name"]');
  assert.equal(await email.evaluate((el) => el === document.activeElement), true, "a new field takes the focus");
  await email.fill("email");
  await page.locator('[data-testid="field-row"][data-path="fields[0]"] [data-testid="field-required"]').check();
  await page.locator('[data-testid="add-field"]').click();
  await page.locator('[data-diag-path="fields.1.name"]').fill("customer");
  const customer = page.locator('[data-testid="field-row"][data-path="fields[1]"]');
  await customer.locator(':scope > .cfg-tree-row [data-testid="field-type"]').selectOption("object");
  await customer.locator(':scope > .cfg-tree-row [data-testid="field-add-child"]').click();
  const nestedName = page.locator('[data-diag-path="fields.1.fields.0.name"]');
  await nestedName.fill("bad id");

  // The diagnostic lands in the nested field's row, wired to its input, and in the summary.
  const inline = page.locator('[data-testid="field-row"][data-path="fields[1].fields[0]"] [data-testid="field-diag"][data-code="E_INVALID_NAME"]');
  await inline.waitFor();
  assert.match(await inline.innerText(), /bad id/);
  assert.equal(
    await inline.evaluate((el) => el.closest('[data-testid="field-row"]').dataset.path),
    "fields[1].fields[0]",
    "placed next to the nested field, not its parent",
  );
  const describedBy = await nestedName.getAttribute("aria-describedby");
  assert.ok(describedBy, "the input is described by its messages");
  assert.equal(await page.locator(`[id="${describedBy}"]`).getAttribute("data-path"), "fields.1.fields.0.name");
  assert.equal(await nestedName.getAttribute("aria-invalid"), "true");
  const summaryItem = page.locator('[data-testid="diag-item"][data-path="fields.1.fields.0.name"]');
  assert.match(await summaryItem.innerText(), /Field customer\.bad id/);
  await page.screenshot({ path: join(artifactsDir, "browser-event-form.png"), fullPage: true });

  // The summary entry takes the focus to the input.
  await page.locator('[data-testid="form-name"]').focus();
  await summaryItem.click();
  assert.equal(await nestedName.evaluate((el) => el === document.activeElement), true, "summary focuses the field");

  await nestedName.fill("id");
  await waitForCount(page, '[data-testid="field-diag"]', 0);
  assert.equal(await page.locator('[data-testid="diag-counts"]').innerText(), "none");

  // Profile id: a select of the scalar leaves; it follows a rename of its parent.
  const profile = page.locator('[data-testid="profile-id"]');
  const options = await profile.locator("option").evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, ["", "email", "customer.id"]);
  await profile.selectOption("customer.id");
  await page.locator('[data-diag-path="fields.1.name"]').fill("client");
  assert.equal(await profile.inputValue(), "client.id");

  await page.locator('[data-testid="recognition-condition"]').fill('event.type == "order.placed"');

  // Checks are debounced: a burst of keystrokes makes at most two check_event calls.
  await until(() => page.locator('[data-testid="check-status"]').getAttribute("data-state").then((s) => s === "checked"), "check");
  const before = called(calls, "check_event").length;
  const description = page.locator('[data-testid="form-description"]');
  await description.press("End");
  await description.pressSequentially(" today", { delay: 15 });
  await until(() => page.locator('[data-testid="check-status"]').getAttribute("data-state").then((s) => s === "checked"), "check");
  const burst = called(calls, "check_event").length - before;
  assert.ok(burst >= 1 && burst <= 2, `debounced checks: ${burst} calls for 6 keystrokes`);

  // Payload preview and Copy (and its fallback when the clipboard is refused).
  const expectedPayload = { email: "text", client: { id: "text" } };
  assert.deepEqual(JSON.parse(await page.locator('[data-testid="payload-preview"]').innerText()), expectedPayload);
  await page.locator('[data-testid="copy-payload"]').click();
  await page.locator('[data-testid="copy-status"][data-state="copied"]').waitFor();
  assert.deepEqual(JSON.parse(await page.evaluate(() => window.__copied)), expectedPayload);
  await page.evaluate(() => (window.__denyClipboard = true));
  await page.locator('[data-testid="copy-payload"]').click();
  await page.locator('[data-testid="copy-status"][data-state="failed"]').waitFor();
  assert.match(await page.locator('[data-testid="copy-status"]').innerText(), /text is selected/);
  assert.match(await page.evaluate(() => String(window.getSelection())), /"client"/);

  // A failed save shows the error and keeps everything typed.
  state.failNextSave = true;
  await page.locator('[data-testid="form-save"]').click();
  const saveError = page.locator('[data-testid="save-error"]');
  await saveError.waitFor();
  assert.match(await saveError.innerText(), /STORAGE.*database is locked/);
  assert.equal(await page.locator('[data-testid="form-name"]').inputValue(), "order_placed");
  assert.equal(await page.locator('[data-testid="field-row"]').count(), 3);
  assert.equal(await page.locator('[data-testid="save-status"]').getAttribute("data-state"), "unsaved");

  // Saving sends the Event built from the form.
  await page.locator('[data-testid="form-save"]').click();
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  assert.equal(await saveError.count(), 0);
  const saves = called(calls, "save_event");
  assert.equal(saves.length, 2);
  assert.deepEqual(saves[1].args, {
    event: {
      name: "order_placed",
      description: "An order is placed today",
      profileId: "client.id",
      recognition: { kind: "rule", condition: 'event.type == "order.placed"' },
      fields: [
        { name: "email", type: "string", required: true },
        { name: "client", type: "object", fields: [{ name: "id", type: "string" }] },
      ],
    },
  });
  await waitForCount(page, '[data-testid="config-item"]', 2);
  assert.equal(await page.locator('[data-testid="config-item"][data-name="order_placed"]').getAttribute("aria-current"), "true");

  // Leaving with unsaved changes asks first; keeping them keeps the form.
  await page.locator('[data-testid="form-description"]').fill("changed");
  await page.locator('[data-testid="config-new"]').click();
  await page.locator('[data-testid="discard-prompt"]').waitFor();
  await page.locator('[data-testid="discard-cancel"]').click();
  assert.equal(await page.locator('[data-testid="form-description"]').inputValue(), "changed");

  // Delete asks for confirmation; Cancel deletes nothing.
  const placed = page.locator('[data-testid="config-item"][data-name="order_placed"]');
  await placed.locator('[data-testid="config-delete"]').click();
  await placed.locator('[data-testid="config-delete-cancel"]').click();
  assert.equal(called(calls, "delete_event").length, 0);
  await placed.locator('[data-testid="config-delete"]').click();
  await placed.locator('[data-testid="config-delete-confirm"]').click();
  await waitForCount(page, '[data-testid="config-item"]', 1);
  assert.deepEqual(called(calls, "delete_event").map((c) => c.args), [{ name: "order_placed" }]);
  assert.equal(await form.count(), 0, "the deleted event's form is closed");

  // IN_USE: the refusal names the journeys and the event stays.
  const used = page.locator('[data-testid="config-item"][data-name="signup"]');
  await used.locator('[data-testid="config-delete"]').click();
  await used.locator('[data-testid="config-delete-confirm"]').click();
  const refused = page.locator('[data-testid="config-delete-error"]');
  await refused.waitFor();
  assert.equal(await refused.getAttribute("data-code"), "IN_USE");
  assert.match(await refused.innerText(), /signup is used by journeys and was not deleted/);
  assert.match(await refused.innerText(), /welcome_series, vip_onboarding/);
  await waitForCount(page, '[data-testid="config-item"]', 1);

  // Editing a saved event opens it as saved, checked at once.
  await used.locator('[data-testid="config-edit"]').click();
  assert.equal(await page.locator('[data-testid="form-name"]').inputValue(), "signup");
  assert.equal(await page.locator('[data-testid="recognition-systemId"]').isChecked(), true);
  assert.equal(await page.locator('[data-testid="recognition-id"]').inputValue(), "evt_signup");
  await until(() => called(calls, "check_event").some((c) => c.args.event.name === "signup"), "check of the opened event");
}

// ---------- custom action form ----------
async function actionFlow(page, url, calls) {
  await page.goto(`${url}config-harness.html?kind=actions`);
  await page.locator('[data-testid="config-screen"] .empty').first().waitFor();
  await page.locator('[data-testid="config-new"]').click();
  await page.locator('[data-testid="action-form"]').waitFor();

  await page.locator('[data-testid="form-name"]').fill("send_sms");
  await page.locator('[data-testid="form-description"]').fill("Texts a person");
  await page.locator('[data-testid="action-url"]').fill("sms.example/send");
  const urlDiag = page.locator('[data-testid="field-messages"][data-path="url"] [data-code="E_INVALID_URL"]');
  await urlDiag.waitFor();
  await page.locator('[data-testid="action-url"]').fill("https://sms.example/send");
  await urlDiag.waitFor({ state: "detached" });

  await page.locator('[data-testid="add-headers"]').click();
  const header = page.locator('[data-testid="param-row"][data-list="headers"]');
  await header.locator('[data-testid="param-name"]').fill("X-Tenant");
  await header.locator('[data-testid="param-value"]').fill("acme");
  await page.locator('[data-testid="add-query"]').click();
  const query = page.locator('[data-testid="param-row"][data-list="query"]');
  await query.locator('[data-testid="param-name"]').fill("lang");
  await query.locator('[data-testid="param-mode"]').selectOption("variable");

  // Invalid JSON: the error says where, the text stays, nothing is checked.
  const example = page.locator('[data-testid="payload-example"]');
  const invalid = '{"to": {"phone": "+33600000000"},\n "text" "hi"}';
  await example.fill(invalid);
  const parseError = page.locator('[data-testid="field-messages"][data-path="payloadExample"]');
  await parseError.waitFor();
  assert.match(await parseError.innerText(), /Line 2, column 9: expected ':' after the property name/);
  assert.equal(await example.inputValue(), invalid);
  assert.equal(await page.locator('[data-testid="check-status"]').getAttribute("data-state"), "blocked");
  assert.equal(await page.locator('[data-testid="payload-empty"]').count(), 1);

  // Valid JSON derives one constant row per leaf.
  await example.fill('{"to": {"phone": "+33600000000"}, "text": "hi", "tags": ["promo"]}');
  await waitForCount(page, '[data-testid="payload-row"]', 3);
  assert.equal(await parseError.count(), 0);
  const rows = page.locator('[data-testid="payload-row"]');
  assert.deepEqual(await rows.evaluateAll((rs) => rs.map((r) => [r.dataset.path, r.dataset.mode])), [
    ["to.phone", "constant"],
    ["text", "constant"],
    ["tags", "constant"],
  ]);
  assert.equal(await rows.nth(2).locator('[data-testid="payload-constant"]').innerText(), '["promo"]');

  // to.phone becomes a variable, optional, null allowed.
  const phone = page.locator('[data-testid="payload-row"][data-path="to.phone"]');
  await phone.locator('[data-testid="payload-mode"]').selectOption("variable");
  assert.equal(await phone.getAttribute("data-mode"), "variable");
  assert.equal(await phone.locator('[data-testid="payload-type"]').inputValue(), "string");
  await phone.locator('[data-testid="payload-label"]').fill("Phone");
  await phone.locator('[data-testid="payload-optional"]').check();
  await phone.locator('[data-testid="payload-nullable"]').check();

  // Pasting a new example keeps that choice and adds the new leaf.
  await example.fill('{"to": {"phone": "+33611111111"}, "text": "hi", "tags": ["promo"], "sender": "ACME"}');
  await waitForCount(page, '[data-testid="payload-row"]', 4);
  assert.equal(await phone.getAttribute("data-mode"), "variable");
  assert.equal(await phone.locator('[data-testid="payload-optional"]').isChecked(), true);
  assert.equal(await phone.locator('[data-testid="payload-label"]').inputValue(), "Phone");

  await page.locator('[data-testid="response-example"]').fill('{"id": "m-1"}');

  // Numbers: a shape problem is shown at once; a range problem comes from the check.
  await page.locator('[data-testid="action-retries"]').fill("two");
  await page.locator('[data-testid="field-messages"][data-path="retries"]').waitFor();
  await page.locator('[data-testid="action-retries"]').fill("2");
  await page.locator('[data-testid="action-timeout"]').fill("60000");
  const timeoutDiag = page.locator('[data-testid="field-messages"][data-path="timeoutMs"] [data-code="E_TIMEOUT_RANGE"]');
  await timeoutDiag.waitFor();
  await page.locator('[data-testid="action-timeout"]').fill("10000");
  await timeoutDiag.waitFor({ state: "detached" });

  // Auth by API key: the secret goes to the keychain only, then the input is cleared.
  await page.locator('[data-testid="auth-type"]').selectOption("apiKey");
  await page.locator('[data-testid="auth-key-name"]').fill("X-Api-Key");
  await page.locator('[data-testid="auth-secret-name"]').fill("sms_api_key");
  const status = page.locator('[data-testid="secret-status"]');
  await until(() => status.innerText().then((t) => t === "Keychain: not set"), "secret status");
  const secretInput = page.locator('[data-testid="secret-input"]');
  await secretInput.fill(SECRET_VALUE);
  await page.locator('[data-testid="secret-save"]').click();
  await until(() => status.innerText().then((t) => t === "Keychain: set"), "secret set");
  assert.equal(await secretInput.inputValue(), "");
  assert.deepEqual(called(calls, "set_secret").map((c) => c.args), [{ name: "sms_api_key", value: SECRET_VALUE }]);

  await until(() => page.locator('[data-testid="check-status"]').getAttribute("data-state").then((s) => s === "checked"), "check");
  await page.screenshot({ path: join(artifactsDir, "browser-action-form.png"), fullPage: true });

  await page.locator('[data-testid="form-save"]').click();
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  const saves = called(calls, "save_action");
  assert.equal(saves.length, 1);
  assert.deepEqual(saves[0].args, {
    action: {
      name: "send_sms",
      description: "Texts a person",
      url: "https://sms.example/send",
      dynamicPath: false,
      method: "POST",
      headers: [{ name: "X-Tenant", value: { kind: "constant", value: "acme" } }],
      query: [{ name: "lang", value: { kind: "variable", label: "", type: "string", optional: false, nullable: false } }],
      payloadExample: { to: { phone: "+33611111111" }, text: "hi", tags: ["promo"], sender: "ACME" },
      payload: [
        { path: "to.phone", value: { kind: "variable", label: "Phone", type: "string", optional: true, nullable: true } },
        { path: "text", value: { kind: "constant", value: "hi" } },
        { path: "tags", value: { kind: "constant", value: ["promo"] } },
        { path: "sender", value: { kind: "constant", value: "ACME" } },
      ],
      responseExample: { id: "m-1" },
      auth: { type: "apiKey", name: "X-Api-Key", location: "header", secret: "sms_api_key" },
      timeoutMs: 10000,
      retries: 2,
      callsPerSecond: 5000,
    },
  });
  await waitForCount(page, '[data-testid="config-item"]', 1);

  // The secret value crossed IPC once, to set_secret, and nowhere else.
  const leaks = calls.filter((c) => c.cmd !== "set_secret" && JSON.stringify(c.args).includes(SECRET_VALUE));
  assert.deepEqual(leaks, [], "the secret value is in no other IPC call");
  assert.equal(await page.locator("body").evaluate((b, v) => b.innerHTML.includes(v), SECRET_VALUE), false);
}

async function main() {
  const harness = await buildConfigHarness();
  let server;
  let browser;
  try {
    server = await serveDir(harness.dir);
    browser = await launchChromium();
    const { state, handle } = backend();
    const calls = await mockIpc(browser.context, handle);
    await browser.context.addInitScript(stubClipboard);
    const pageErrors = [];
    browser.page.on("pageerror", (e) => pageErrors.push(e.message));

    await eventFlow(browser.page, server.url, calls, state);
    await actionFlow(browser.page, server.url, calls);

    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("config forms browser test passed");
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
