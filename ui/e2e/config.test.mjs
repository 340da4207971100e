// Browser test of the configuration forms (ui/src/config) in the system Chromium: builds
// the dev-only config-harness.html entry, serves it, mocks Tauri IPC from this process
// and drives the event, custom action and data source forms like a user, test requests
// included. Run with
// `npm run test:config`. Screenshots go to ../tests/artifacts/.
import assert from "node:assert/strict";
import { join } from "node:path";

import { artifactsDir, buildHarness, launchChromium, mockIpc, serveDir, until, waitForCount } from "./harness.mjs";

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

function checkDataSource(source) {
  const object = `dataSource:${source.name}`;
  const out = [];
  if (!IDENT.test(source.name)) out.push(diag(object, "name", "E_INVALID_NAME", `\`${source.name}\` is not a valid name`));
  if (!/^https?:\/\/[^/\s]+/.test(source.baseUrl)) out.push(diag(object, "baseUrl", "E_INVALID_URL", `\`${source.baseUrl}\` is not an http(s) URL with a host`));
  source.fieldGroups.forEach((g, i) => {
    for (const [, param] of g.path.matchAll(/\{([^}]*)\}/g)) {
      if (!g.parameters.some((p) => p.name === param && p.location === "path")) {
        out.push(diag(object, `fieldGroups[${i}].path`, "E_PATH_PARAM_UNDECLARED", `path parameter \`{${param}}\` is not declared as a path parameter`));
      }
    }
  });
  return out;
}

const crm = {
  name: "crm",
  description: "Customer records",
  baseUrl: "https://crm.example/api",
  auth: { type: "none" },
  cacheSeconds: 0,
  ratePerSecond: 15,
  fieldGroups: [{ name: "profile", method: "GET", path: "/customers/{id}", parameters: [{ name: "id", location: "path", type: "string" }], responseExample: { tier: "gold" } }],
};

const signup = {
  name: "signup",
  description: "A person signs up",
  profileId: "email",
  recognition: { kind: "systemId", field: "eventId", id: "evt_signup" },
  fields: [
    { name: "eventId", type: "string", required: true },
    // Rust writes `required` before `description`; the form rebuilds fields in its own
    // key order, which once showed a saved event as "Unsaved changes" on open.
    { name: "email", type: "string", required: true, description: "Where messages go" },
  ],
};

function backend() {
  const state = { events: [signup], actions: [], dataSources: [crm], secrets: new Map(), failNextSave: false, testReplies: [] };
  // Test requests answer with the queued replies, in order: a value, or an error to throw.
  const testReply = () => {
    const reply = state.testReplies.shift();
    if (!reply) throw { code: "INTERNAL", message: "mock: no test reply queued" };
    if (reply.error) throw reply.error;
    return reply;
  };
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
      case "test_action":
        return testReply();
      case "list_data_sources":
        return state.dataSources;
      case "check_data_source":
        return checkDataSource(args.source);
      case "save_data_source":
        state.dataSources = upsert(state.dataSources, args.source);
        return checkDataSource(args.source);
      case "delete_data_source":
        if (args.name === "crm") throw { code: "IN_USE", message: "data source `crm` is used by journeys: loyalty" };
        state.dataSources = state.dataSources.filter((d) => d.name !== args.name);
        return null;
      case "test_data_source":
        return testReply();
      // Secrets: the value is kept by name with where it may go; it never comes back.
      case "set_secret":
        state.secrets.set(args.name, { value: args.value, ...args.binding });
        return "keychain";
      case "secret_status": {
        const secret = state.secrets.get(args.name);
        return {
          name: args.name,
          set: secret !== undefined,
          store: secret ? "keychain" : null,
          origins: secret?.origins ?? [],
          allowHttp: secret?.allowHttp ?? false,
          usedBy: [],
          problems: [],
        };
      }
      case "secrets_overview":
        return { keychainProblem: null, file: "/home/ada/.config/parcours/secrets.enc", fileUnlocked: false, secrets: [] };
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
  assert.equal(await page.locator('[data-testid="save-status"]').getAttribute("data-state"), "unchanged");
}

// ---------- custom action form ----------
async function actionFlow(page, url, calls, state) {
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
  await until(() => status.innerText().then((t) => t === "Not set"), "secret status");
  const secretInput = page.locator('[data-testid="secret-input"]');
  await secretInput.fill(SECRET_VALUE);
  await page.locator('[data-testid="secret-save"]').click();
  await until(() => status.innerText().then((t) => t === "Set, kept in the OS keychain"), "secret set");
  assert.equal(await secretInput.inputValue(), "");
  // Bound to the action's origin, as the form pre-filled it; the keychain works here, so
  // nothing is said about a secrets file.
  assert.deepEqual(called(calls, "set_secret").map((c) => c.args), [
    { name: "sms_api_key", value: SECRET_VALUE, binding: { origins: ["https://sms.example"], allowHttp: false } },
  ]);
  assert.equal(await page.locator('[data-testid="keychain-problem"]').count(), 0);

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
  const savedAction = saves[0].args.action;

  // ---- Send test request: an input per variable parameter, payload ones from the example.
  const test = page.locator('[data-testid="action-form"] [data-testid="test-request"]');
  assert.match(await test.locator('[data-testid="test-secrets-hint"]').innerText(), /saved or not.*keychain/s);
  const testInputs = test.locator('[data-testid="test-input"]');
  assert.deepEqual(await testInputs.evaluateAll((is) => is.map((i) => [i.dataset.key, i.value])), [
    ["query.lang", ""],
    ["payload.to.phone", "+33611111111"],
  ]);
  // The request uses the form as it is now, unsaved edits included.
  await page.locator('[data-testid="form-description"]').fill("Texts a person (edited)");
  await test.locator('[data-testid="test-input"][data-key="query.lang"]').fill("fr");

  // An error (ApiError) is shown and the values typed stay.
  state.testReplies.push({ error: { code: "SECRET_STORE", message: "secret `sms_api_key` is not in the keychain" } });
  await test.locator('[data-testid="test-send"]').click();
  const testError = test.locator('[data-testid="test-error"]');
  await testError.waitFor();
  assert.equal(await testError.getAttribute("data-code"), "SECRET_STORE");
  assert.match(await testError.innerText(), /sms_api_key/);
  assert.equal(await test.locator('[data-testid="test-input"][data-key="query.lang"]').inputValue(), "fr");

  // Enter in a test input sends the test request, it does not save the action.
  state.testReplies.push({ status: "http_200", ok: true, ms: 142, body: { id: "m-42", queued: true } });
  await test.locator('[data-testid="test-input"][data-key="query.lang"]').press("Enter");
  await test.locator('[data-testid="test-result"]').waitFor();
  assert.equal(await testError.count(), 0);
  assert.equal(called(calls, "save_action").length, 1, "Enter in a test input does not save");
  const tests = called(calls, "test_action");
  assert.equal(tests.length, 2);
  assert.deepEqual(tests[1].args, {
    action: { ...savedAction, description: "Texts a person (edited)" },
    values: { "query.lang": "fr", "payload.to.phone": "+33611111111" },
  });
  const testStatus = test.locator('[data-testid="test-status"]');
  assert.equal(await testStatus.getAttribute("data-status"), "http_200");
  assert.match(await testStatus.innerText(), /HTTP 200/);
  assert.equal(await test.locator('[data-testid="test-ms"]').innerText(), "142 ms");
  assert.deepEqual(JSON.parse(await test.locator('[data-testid="test-body"]').innerText()), { id: "m-42", queued: true });
  assert.match(await test.locator('[data-testid="test-body"]').innerText(), /\n {2}"id": "m-42"/, "pretty-printed");

  // Dynamic path: its input comes first, labelled, and goes to Rust as `values.path`;
  // left empty, it is left out and the URL is called as written.
  const pathInput = test.locator('[data-testid="test-input"][data-key="path"]');
  assert.equal(await pathInput.count(), 0, "no dynamic path input without a dynamic path");
  await page.locator('[data-testid="action-dynamic-path"]').check();
  await pathInput.waitFor();
  assert.deepEqual(await testInputs.evaluateAll((is) => is.map((i) => i.dataset.key)), ["path", "query.lang", "payload.to.phone"]);
  const pathLabel = await pathInput.evaluate((el) => el.labels[0].innerText);
  assert.match(pathLabel, /^Dynamic path/);
  const pathHint = await pathInput.evaluate((el) => el.getAttribute("aria-describedby").split(" ").map((id) => document.getElementById(id).innerText).join(" "));
  assert.match(pathHint, /Appended to the URL/);
  assert.match(await test.innerText(), /Fill Dynamic path to append a path to the URL/);
  state.testReplies.push({ status: "http_404", ok: false, ms: 12, body: null });
  await test.locator('[data-testid="test-send"]').click();
  await until(() => called(calls, "test_action").length === 3, "test without a path");
  await until(() => testStatus.getAttribute("data-status").then((s) => s === "http_404"), "third answer");
  const withDynamic = { ...savedAction, description: "Texts a person (edited)", dynamicPath: true };
  assert.deepEqual(called(calls, "test_action")[2].args, {
    action: withDynamic,
    values: { "query.lang": "fr", "payload.to.phone": "+33611111111" },
  });
  await pathInput.fill("/customers/42");
  state.testReplies.push({ status: "http_200", ok: true, ms: 64, body: { id: "m-43" } });
  await pathInput.press("Enter");
  await until(() => called(calls, "test_action").length === 4, "test with a path");
  await until(() => testStatus.getAttribute("data-status").then((s) => s === "http_200"), "fourth answer");
  assert.deepEqual(called(calls, "test_action")[3].args, {
    action: withDynamic,
    values: { path: "/customers/42", "query.lang": "fr", "payload.to.phone": "+33611111111" },
  });
  assert.equal(called(calls, "save_action").length, 1, "Enter in the path input does not save");

  // A value that does not fit its type is marked and nothing is sent.
  await page.locator('[data-testid="payload-row"][data-path="to.phone"] [data-testid="payload-type"]').selectOption("integer");
  await test.locator('[data-testid="test-send"]').click();
  await test.locator('[data-testid="test-input-problem"]').waitFor();
  assert.equal(await test.locator('[data-testid="test-input"][data-key="payload.to.phone"]').getAttribute("aria-invalid"), "true");
  assert.equal(called(calls, "test_action").length, 4, "nothing sent");
  await page.screenshot({ path: join(artifactsDir, "browser-action-test-request.png"), fullPage: true });

  // The secret value crossed IPC once, to set_secret, and nowhere else.
  const leaks = calls.filter((c) => c.cmd !== "set_secret" && JSON.stringify(c.args).includes(SECRET_VALUE));
  assert.deepEqual(leaks, [], "the secret value is in no other IPC call");
  assert.equal(await page.locator("body").evaluate((b, v) => b.innerHTML.includes(v), SECRET_VALUE), false);
}

// ---------- data source form ----------
async function dataSourceFlow(page, url, calls, state) {
  await page.goto(`${url}config-harness.html?kind=dataSources`);
  await waitForCount(page, '[data-testid="config-item"]', 1);
  await page.locator('[data-testid="config-new"]').click();
  const form = page.locator('[data-testid="data-source-form"]');
  await form.waitFor();
  assert.equal(await page.locator('[data-testid="save-status"]').getAttribute("data-state"), "unchanged");

  await page.locator('[data-testid="form-name"]').fill("orders");
  await page.locator('[data-testid="form-description"]').fill("Order history");
  await page.locator('[data-testid="source-base-url"]').fill("shop.example/api");
  const urlDiag = page.locator('[data-testid="field-messages"][data-path="baseUrl"] [data-code="E_INVALID_URL"]');
  await urlDiag.waitFor();
  await page.locator('[data-testid="source-base-url"]').fill("https://shop.example/api");
  await urlDiag.waitFor({ state: "detached" });
  await page.locator('[data-testid="source-cache"]').fill("60");
  await page.locator('[data-testid="source-rate"]').fill("5");

  // A group: the new one takes the focus; a path placeholder not declared is reported
  // by the check, next to the group's path.
  await page.locator('[data-testid="add-group"]').click();
  const group = page.locator('[data-testid="field-group"][data-index="0"]');
  const groupName = group.locator('[data-testid="group-name"]');
  assert.equal(await groupName.evaluate((el) => el === document.activeElement), true, "a new group takes the focus");
  await groupName.fill("byId");
  const path = group.locator('[data-testid="group-path"]');
  await path.fill("/orders/{orderId}");
  const pathDiag = group.locator('[data-testid="field-messages"][data-path="fieldGroups.0.path"] [data-testid="field-diag"][data-code="E_PATH_PARAM_UNDECLARED"]');
  await pathDiag.waitFor();
  assert.match(await pathDiag.innerText(), /\{orderId\}/);
  assert.equal(
    await pathDiag.evaluate((el) => el.closest(".cfg-row").querySelector("input").dataset.testid),
    "group-path",
    "placed in the path's row",
  );
  const describedBy = await path.getAttribute("aria-describedby");
  assert.ok(describedBy, "the path input is described by its messages");
  assert.equal(await page.locator(`[id="${describedBy.split(" ")[0]}"]`).getAttribute("data-path"), "fieldGroups.0.path");
  assert.equal(await path.getAttribute("aria-invalid"), "true");
  const summaryItem = page.locator('[data-testid="diag-item"][data-path="fieldGroups.0.path"]');
  assert.match(await summaryItem.innerText(), /Group byId: path/);
  await page.locator('[data-testid="form-name"]').focus();
  await summaryItem.click();
  assert.equal(await path.evaluate((el) => el === document.activeElement), true, "summary focuses the path");

  // Declaring the placeholder adds the path parameter and clears the diagnostic.
  await group.locator('[data-testid="declare-path-param"][data-name="orderId"]').click();
  await pathDiag.waitFor({ state: "detached" });
  assert.equal(await group.locator('[data-testid="declare-path-param"]').count(), 0);
  const orderId = group.locator('[data-testid="group-param"][data-name="orderId"]');
  assert.equal(await orderId.locator('[data-testid="group-param-location"]').inputValue(), "path");
  await group.locator('[data-testid="add-group-param"]').click();
  const expand = group.locator('[data-testid="group-param"]').nth(1);
  await expand.locator('[data-testid="group-param-name"]').fill("expand");
  await expand.locator('[data-testid="group-param-type"]').selectOption("boolean");
  assert.equal(await expand.locator('[data-testid="group-param-location"]').inputValue(), "query");

  // Response example: invalid JSON is marked and blocks the check; valid JSON derives the fields.
  const example = group.locator('[data-testid="group-example"]');
  await example.fill('{"id": "o-1", "total" 12.5}');
  await group.locator('[data-testid="field-messages"][data-path="fieldGroups.0.responseExample"]').waitFor();
  assert.equal(await page.locator('[data-testid="check-status"]').getAttribute("data-state"), "blocked");
  assert.match(await group.locator('[data-testid="group-fields-empty"]').innerText(), /valid JSON/);
  await example.fill(
    JSON.stringify({ id: "o-1", total: 12.5, placedAt: "2026-01-15T09:30:00Z", customer: { email: "a@b.c" }, lines: [{ sku: "A1", qty: 2 }] }, null, 2),
  );
  await waitForCount(page, '[data-testid="field-group"][data-index="0"] [data-testid="group-field"]', 8);
  assert.deepEqual(await group.locator('[data-testid="group-field"]').evaluateAll((rs) => rs.map((r) => [r.dataset.path, r.dataset.type])), [
    ["id", "string"],
    ["total", "number"],
    ["placedAt", "datetime"],
    ["customer", "object"],
    ["customer.email", "string"],
    ["lines", "array"],
    ["lines[].sku", "string"],
    ["lines[].qty", "integer"],
  ]);
  assert.match(await group.locator('[data-testid="group-fields"] caption').innerText(), /data\.orders\.byId\.FIELD/);

  // Auth: the secret goes to the keychain only.
  await page.locator('[data-testid="auth-type"]').selectOption("basic");
  await page.locator('[data-testid="auth-username"]').fill("svc");
  await page.locator('[data-testid="auth-secret-name"]').fill("shop_password");
  await page.locator('[data-testid="secret-input"]').fill(SECRET_VALUE);
  await page.locator('[data-testid="secret-save"]').click();
  await until(() => page.locator('[data-testid="secret-status"]').innerText().then((t) => t === "Set, kept in the OS keychain"), "secret set");
  assert.deepEqual(called(calls, "set_secret").at(-1).args.binding, { origins: ["https://shop.example"], allowHttp: false });
  await until(() => page.locator('[data-testid="check-status"]').getAttribute("data-state").then((s) => s === "checked"), "check");
  assert.equal(await page.locator('[data-testid="diag-counts"]').innerText(), "none");

  // Send test request for the group: one input per parameter; empty ones are left out.
  const test = group.locator('[data-testid="test-request"]');
  assert.deepEqual(await test.locator('[data-testid="test-input"]').evaluateAll((is) => is.map((i) => i.dataset.key)), ["orderId", "expand"]);
  await test.locator('[data-testid="test-input"][data-key="orderId"]').fill("o-1");
  state.testReplies.push({ status: "http_401", ok: false, ms: 31, body: { error: "unauthorized" } });
  await test.locator('[data-testid="test-send"]').click();
  const testStatus = test.locator('[data-testid="test-status"]');
  await testStatus.waitFor();
  assert.equal(await test.locator('[data-testid="test-result"]').getAttribute("data-ok"), "false");
  assert.match(await testStatus.innerText(), /HTTP 401/);
  assert.equal(await test.locator('[data-testid="test-use-body"]').count(), 0, "a failed answer is not offered as the example");

  await test.locator('[data-testid="test-input"][data-key="expand"]').selectOption("true");
  const answer = { id: "o-1", total: 12.5, placedAt: "2026-01-15T09:30:00Z", customer: { email: "a@b.c" }, lines: [{ sku: "A1", qty: 2 }], status: "shipped" };
  state.testReplies.push({ status: "http_200", ok: true, ms: 87, body: answer });
  await test.locator('[data-testid="test-send"]').click();
  await until(() => testStatus.getAttribute("data-status").then((s) => s === "http_200"), "second answer");
  assert.equal(await test.locator('[data-testid="test-ms"]').innerText(), "87 ms");
  assert.deepEqual(JSON.parse(await test.locator('[data-testid="test-body"]').innerText()), answer);

  const tests = called(calls, "test_data_source");
  assert.equal(tests.length, 2);
  const expected = {
    name: "orders",
    description: "Order history",
    baseUrl: "https://shop.example/api",
    auth: { type: "basic", username: "svc", secret: "shop_password" },
    cacheSeconds: 60,
    ratePerSecond: 5,
    fieldGroups: [
      {
        name: "byId",
        method: "GET",
        path: "/orders/{orderId}",
        parameters: [
          { name: "orderId", location: "path", type: "string" },
          { name: "expand", location: "query", type: "boolean" },
        ],
        responseExample: { id: "o-1", total: 12.5, placedAt: "2026-01-15T09:30:00Z", customer: { email: "a@b.c" }, lines: [{ sku: "A1", qty: 2 }] },
      },
    ],
  };
  assert.deepEqual(tests[0].args, { source: expected, group: "byId", params: { orderId: "o-1" } });
  assert.deepEqual(tests[1].args, { source: expected, group: "byId", params: { orderId: "o-1", expand: true } });

  // The answer can become the response example: its new field appears.
  await test.locator('[data-testid="test-use-body"]').click();
  await group.locator('[data-testid="group-field"][data-path="status"]').waitFor();
  await until(() => page.locator('[data-testid="check-status"]').getAttribute("data-state").then((s) => s === "checked"), "check");
  await page.screenshot({ path: join(artifactsDir, "browser-data-source-form.png"), fullPage: true });

  // Save sends the DataSource built from the form.
  await page.locator('[data-testid="form-save"]').click();
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  const saves = called(calls, "save_data_source");
  assert.equal(saves.length, 1);
  assert.deepEqual(saves[0].args, {
    source: { ...expected, fieldGroups: [{ ...expected.fieldGroups[0], responseExample: answer }] },
  });
  await waitForCount(page, '[data-testid="config-item"]', 2);
  assert.equal(await page.locator('[data-testid="config-item"][data-name="orders"]').getAttribute("aria-current"), "true");

  // Leaving with unsaved changes asks first; discarding reopens the saved source.
  await group.locator('[data-testid="group-path"]').fill("/orders/{orderId}/v2");
  await page.locator('[data-testid="config-item"][data-name="orders"] [data-testid="config-edit"]').click();
  await page.locator('[data-testid="discard-prompt"]').waitFor();
  await page.locator('[data-testid="discard-confirm"]').click();
  await until(() => group.locator('[data-testid="group-path"]').inputValue().then((v) => v === "/orders/{orderId}"), "saved path back");
  assert.equal(await page.locator('[data-testid="save-status"]').getAttribute("data-state"), "unchanged");

  // Delete asks first; IN_USE keeps the source and says why.
  const used = page.locator('[data-testid="config-item"][data-name="crm"]');
  await used.locator('[data-testid="config-delete"]').click();
  await used.locator('[data-testid="config-delete-confirm"]').click();
  const refused = page.locator('[data-testid="config-delete-error"]');
  await refused.waitFor();
  assert.equal(await refused.getAttribute("data-code"), "IN_USE");
  assert.match(await refused.innerText(), /crm is used by journeys and was not deleted/);
  assert.match(await refused.innerText(), /loyalty/);
  const orders = page.locator('[data-testid="config-item"][data-name="orders"]');
  await orders.locator('[data-testid="config-delete"]').click();
  await orders.locator('[data-testid="config-delete-confirm"]').click();
  await waitForCount(page, '[data-testid="config-item"]', 1);
  assert.deepEqual(called(calls, "delete_data_source").map((c) => c.args), [{ name: "crm" }, { name: "orders" }]);
  assert.equal(await form.count(), 0, "the deleted source's form is closed");

  const leaks = calls.filter((c) => c.cmd !== "set_secret" && JSON.stringify(c.args).includes(SECRET_VALUE));
  assert.deepEqual(leaks, [], "the secret value is in no other IPC call");
}

async function main() {
  const harness = await buildHarness("config-harness.html");
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
    await actionFlow(browser.page, server.url, calls, state);
    await dataSourceFlow(browser.page, server.url, calls, state);

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
