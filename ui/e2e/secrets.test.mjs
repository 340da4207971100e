// Browser test of secrets and file doors in the built app (run `npm run build` first), with
// Tauri IPC answered from this process (harness.mjs mockIpcWithEvents: every call recorded
// with its arguments). A secret created from a form is bound to the definition's origin
// (its URL's, or the token request's), which the person can edit, plain HTTP included; a
// stored secret shows where it is kept and where it may go, and a call its binding refuses
// offers "Bind to <origin>" (bind_secret, the value never retyped). Without a keychain,
// the form says where secrets are kept instead and unlocks that file (a wrong passphrase
// shows Rust's error). A business user cannot set or bind secrets. An import that moves
// configurations to another origin asks first, listing from → to and the secrets left
// behind; cancelling imports nothing. "Not a secret" keeps a constant that only looks like
// a credential, which Rust otherwise reports on its field and refuses to save. Neither a
// secret value nor the passphrase crosses IPC anywhere but to its one command, or stays in
// the page. Run with `npm run test:secrets`. Screenshots go to ../tests/artifacts/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { artifactsDir, distDir, launchChromium, mockIpcWithEvents, serveDir, until, userWithRole, waitForCount } from "./harness.mjs";

const SECRET = "hunter2-never-shown";
const PASSPHRASE = "correct horse battery staple";
const WRONG = "not the passphrase";
const FILE = "/home/ada/.local/share/parcours/secrets.enc";
const NO_KEYCHAIN = "no keychain service on this machine (org.freedesktop.secrets was not provided by any .service files)";

const sendReminder = {
  name: "send_reminder",
  description: "Texts a reminder",
  url: "https://sms.example.com/v2/send",
  dynamicPath: false,
  method: "POST",
  headers: [],
  query: [],
  payload: [],
  auth: { type: "apiKey", name: "X-Api-Key", location: "header", secret: "sms_key" },
  timeoutMs: 10000,
  retries: 2,
  callsPerSecond: 50,
};

const crm = {
  name: "crm",
  description: "Customer records",
  baseUrl: "https://crm.example.com/api",
  auth: { type: "basic", username: "svc", secret: "crm_password" },
  cacheSeconds: 0,
  ratePerSecond: 15,
  fieldGroups: [{ name: "profile", method: "GET", path: "/customers/{id}", parameters: [{ name: "id", location: "path", type: "string" }], responseExample: { tier: "gold" } }],
};

// ---------- a small stand-in for the Rust side ----------
// Only what the flows need; the real rules are in crates/workspace/src/secrets.rs,
// crates/model/src/validate/credentials.rs and src-tauri/src/doors.rs.

const looksLikeCredential = (name) => ["authorization", "api-key", "api_key", "apikey", "token", "secret", "password"].some((k) => name.toLowerCase().includes(k));
const inClear = (value) => typeof value === "number" || (typeof value === "string" && value.trim() !== "" && !value.includes("{{secret:"));
const originOf = (url) => new URL(url).origin;

function checkAction(action) {
  const object = `action:${action.name}`;
  const out = [];
  const found = (path, what) =>
    out.push({
      object,
      path,
      code: "E_SECRET_IN_CONSTANT",
      severity: "error",
      message: `${what} looks like a credential written in clear: keep it as a secret: the auth settings, or \`{{secret:NAME}}\` to read it from the keychain at send time (or mark it "not a secret")`,
    });
  for (const list of ["headers", "query"]) {
    action[list].forEach((p, i) => {
      if (p.value.kind === "constant" && !p.notSecret && looksLikeCredential(p.name) && inClear(p.value.value)) found(`${list}[${i}].value`, `\`${p.name}\``);
    });
  }
  action.payload.forEach((f, i) => {
    if (f.value.kind === "constant" && !f.notSecret && looksLikeCredential(f.path.split(".").at(-1)) && inClear(f.value.value)) found(`payload[${i}].value`, `payload field \`${f.path}\``);
  });
  // A token request body's leaves, by their JSON path (credentials.rs `body`).
  const body = (path, value, key) => {
    if (Array.isArray(value)) value.forEach((v, i) => body(`${path}[${i}]`, v, key));
    else if (value !== null && typeof value === "object") Object.entries(value).forEach(([k, v]) => body(`${path}.${k}`, v, k));
    else if (looksLikeCredential(key) && inClear(value)) found(path, `\`${key}\``);
  };
  if (action.auth.type === "customToken" && action.auth.request.body) body("auth.request.body", action.auth.request.body, "");
  return out;
}

function backend({ me = "ada", keychainProblem = null } = {}) {
  const state = {
    me,
    roles: { ada: "administrator", bea: "business" },
    actions: [structuredClone(sendReminder)],
    dataSources: [structuredClone(crm)],
    // By name: the value, where it may go, and where it is kept.
    secrets: new Map([
      ["sms_key", { value: "v-sms", origins: ["https://old-sms.example.com"], allowHttp: false, store: "keychain" }],
      ["crm_password", { value: "v-crm", origins: ["https://crm.example.com"], allowHttp: false, store: "file" }],
    ]),
    keychainProblem,
    fileUnlocked: false,
    // What choose_file answers next ({token, name} or null), and each token's bundle.
    dialogAnswers: [],
    previews: new Map(),
    unknown: [],
  };
  // A file secret is out of reach while the file is locked.
  const find = (name) => {
    const s = state.secrets.get(name);
    return s && (s.store !== "file" || state.fileUnlocked) ? s : undefined;
  };
  const uses = () => [
    ...state.actions.filter((a) => a.auth.secret).map((a) => ({ object: `action:${a.name}`, path: "auth.secret", origin: originOf(a.url), secret: a.auth.secret })),
    ...state.dataSources.filter((d) => d.auth.secret).map((d) => ({ object: `dataSource:${d.name}`, path: "auth.secret", origin: originOf(d.baseUrl), secret: d.auth.secret })),
  ];
  const status = (name) => {
    const s = find(name);
    const usedBy = uses().filter((u) => u.secret === name);
    return {
      name,
      set: s !== undefined,
      store: s?.store ?? null,
      origins: s?.origins ?? [],
      allowHttp: s?.allowHttp ?? false,
      usedBy: usedBy.map(({ object, path, origin }) => ({ object, path, origin })),
      problems: s
        ? usedBy
            .filter((u) => !s.origins.includes(u.origin))
            .map((u) => `${u.object} (${u.path}): secret \`${name}\` may be sent to ${s.origins.join(", ")} only, not to ${u.origin}: call refused (if it is meant to go there, bind it to ${u.origin} too)`)
        : [],
    };
  };
  const checked = (name, binding) => {
    if (binding.origins.length === 0) throw { code: "INVALID_INPUT", message: `secret \`${name}\`: name at least one origin it may be sent to (e.g. https://api.example.com)` };
    return { origins: binding.origins, allowHttp: binding.allowHttp };
  };
  const configs = (list) => list.map((c) => ({ name: c.name, description: c.description, usedIn: 0 }));
  const upsert = (list, item) => [...list.filter((x) => x.name !== item.name), item];

  const handle = (cmd, args) => {
    switch (cmd) {
      case "barrier":
        return null;
      case "current_user":
        return userWithRole(state.me, state.roles[state.me]);
      case "overview":
        return {
          databasePath: "/tmp/parcours-secrets-test.sqlite",
          journeys: [],
          events: [],
          dataSources: configs(state.dataSources),
          actions: configs(state.actions),
        };
      case "list_runners":
      case "list_pushes":
      case "check_data_source":
        return [];
      case "list_actions":
        return state.actions;
      case "list_data_sources":
        return state.dataSources;
      case "check_action":
        return checkAction(args.action);
      case "save_action": {
        const diagnostics = checkAction(args.action);
        const clear = diagnostics.filter((d) => d.code === "E_SECRET_IN_CONSTANT");
        if (clear.length > 0) {
          const [first] = clear;
          throw {
            code: "INVALID_INPUT",
            message: `action \`${args.action.name}\`: ${first.path}: ${first.message} (E_SECRET_IN_CONSTANT: ${clear.map((d) => d.path).join(", ")}); not saved`,
          };
        }
        state.actions = upsert(state.actions, args.action);
        return diagnostics;
      }

      // Secrets: values go in, never out.
      case "secrets_overview":
        return { keychainProblem: state.keychainProblem, file: FILE, fileUnlocked: state.fileUnlocked, secrets: [] };
      case "secret_status":
        return status(args.name);
      case "set_secret": {
        if (state.keychainProblem && !state.fileUnlocked) throw { code: "SECRET_STORE", message: `secrets file ${FILE} is locked: unlock it first` };
        const store = state.keychainProblem ? "file" : "keychain";
        state.secrets.set(args.name, { value: args.value, ...checked(args.name, args.binding), store });
        return store;
      }
      case "bind_secret": {
        const s = find(args.name);
        if (!s) throw { code: "NOT_FOUND", message: `secret \`${args.name}\` is not set: set its value first` };
        Object.assign(s, checked(args.name, args.binding));
        return null;
      }
      case "unlock_secrets":
        if (args.passphrase !== PASSPHRASE) throw { code: "SECRET_STORE", message: `secrets file ${FILE}: wrong passphrase` };
        state.fileUnlocked = true;
        return null;

      // File doors: Rust's dialog answers a token; the doors take only that.
      case "choose_file":
        return state.dialogAnswers.shift() ?? null;
      case "preview_import_file": {
        const preview = state.previews.get(args.token);
        if (!preview) throw { code: "FORBIDDEN", message: "no such file choice: files are read and written only as chosen in this run's dialogs" };
        return preview;
      }
      case "import_bundle_file": {
        const preview = state.previews.get(args.token);
        if (!preview) throw { code: "FORBIDDEN", message: "no such file choice: files are read and written only as chosen in this run's dialogs" };
        state.previews.delete(args.token);
        if (preview.originChanges.length > 0 && !args.allowOriginChange)
          throw { code: "CONFIRMATION_NEEDED", message: "the import changes where configurations send their calls: confirm it" };
        const { originChanges, ...counts } = preview;
        return { ...counts, fixtures: 0, testProfiles: 0, diagnostics: [], originChanges };
      }
      default:
        state.unknown.push(cmd);
        throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
    }
  };
  return { state, handle };
}

// ---------- helpers ----------

const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const byTestId = (scope, id) => scope.locator(`[data-testid="${id}"]`);
const setterOf = (page, name) => page.locator(`[data-testid="secret-setter"][data-name="${name}"]`);
const originsOf = (setter) => byTestId(setter, "secret-origin").evaluateAll((items) => items.map((li) => li.dataset.origin));

/** Waits until every IPC call the page has made so far has reached this process. */
async function settled(page) {
  await page.evaluate(() => window.__TAURI_INTERNALS__.invoke("barrier", {}));
}

async function home(page, url) {
  await page.goto(url);
  await byTestId(page, "import-bundle").waitFor();
}

async function openForm(page, kind, name) {
  await page.locator(`[data-testid="manage-config"][data-kind="${kind}"]`).click();
  await byTestId(page, "config-screen").waitFor();
  if (name === null) await byTestId(page, "config-new").click();
  else await page.locator(`[data-testid="config-item"][data-name="${name}"] [data-testid="config-edit"]`).click();
}

// ---------- flows ----------

// A new secret is bound to the definition's origin, or to what the person made of it.
async function newSecrets(page, url, { calls }) {
  await home(page, url);
  await openForm(page, "action", null);
  await byTestId(page, "action-form").waitFor();
  await byTestId(page, "form-name").fill("notify");
  await byTestId(page, "action-url").fill("https://hooks.example.com/v1/send");
  await byTestId(page, "auth-type").selectOption("apiKey");
  await byTestId(page, "auth-key-name").fill("X-Api-Key");
  await byTestId(page, "auth-secret-name").fill("hooks_key");

  const setter = setterOf(page, "hooks_key");
  await setter.locator('[data-testid="secret-status"][data-state="unset"]').waitFor();
  assert.equal(await byTestId(setter, "secret-status").innerText(), "Not set");
  assert.deepEqual(await originsOf(setter), ["https://hooks.example.com"], "pre-filled with the action's origin");
  assert.equal(await byTestId(setter, "secret-allow-http").isChecked(), false);
  // Until edited, the pre-fill follows the URL.
  await byTestId(page, "action-url").fill("https://hooks-eu.example.com:8443/v1/send");
  await until(async () => JSON.stringify(await originsOf(setter)) === '["https://hooks-eu.example.com:8443"]', "origin follows the URL");
  await byTestId(page, "action-url").fill("https://hooks.example.com/v1/send");
  await until(async () => JSON.stringify(await originsOf(setter)) === '["https://hooks.example.com"]', "origin follows the URL back");

  await byTestId(setter, "secret-input").fill(SECRET);
  await byTestId(setter, "secret-save").click();
  await setter.locator('[data-testid="secret-status"][data-state="set"]').waitFor();
  assert.equal(await byTestId(setter, "secret-status").innerText(), "Set, kept in the OS keychain");
  assert.equal(await byTestId(setter, "secret-status").getAttribute("data-store"), "keychain");
  assert.equal(await byTestId(setter, "secret-binding").innerText(), "May be sent to https://hooks.example.com.");
  assert.equal(await byTestId(setter, "secret-input").inputValue(), "", "the value is gone from the page once sent");
  assert.deepEqual(called(calls, "set_secret"), [{ name: "hooks_key", value: SECRET, binding: { origins: ["https://hooks.example.com"], allowHttp: false } }]);
  await page.screenshot({ path: join(artifactsDir, "secrets-setter.png"), fullPage: true });

  // Another secret, sent to a staging server over plain HTTP: the list and the box say so.
  await byTestId(page, "auth-secret-name").fill("hooks_staging_key");
  const staging = setterOf(page, "hooks_staging_key");
  await staging.locator('[data-testid="secret-status"][data-state="unset"]').waitFor();
  await byTestId(staging, "secret-origin-input").fill("http://staging.example.com:8080/hooks");
  await byTestId(staging, "secret-origin-add").click();
  await until(async () => (await originsOf(staging)).length === 2, "origin added");
  assert.deepEqual(await originsOf(staging), ["https://hooks.example.com", "http://staging.example.com:8080"], "tidied to an origin");
  await staging.getByRole("button", { name: "Remove origin https://hooks.example.com" }).click();
  await byTestId(staging, "secret-allow-http").check();
  await byTestId(staging, "secret-input").fill(SECRET);
  await byTestId(staging, "secret-input").press("Enter");
  await staging.locator('[data-testid="secret-status"][data-state="set"]').waitFor();
  assert.deepEqual(called(calls, "set_secret").at(-1), {
    name: "hooks_staging_key",
    value: SECRET,
    binding: { origins: ["http://staging.example.com:8080"], allowHttp: true },
  });
  assert.equal(await byTestId(staging, "secret-binding").innerText(), "May be sent to http://staging.example.com:8080 (plain HTTP allowed).");
  assert.deepEqual(called(calls, "save_action"), [], "Enter stores the secret, it does not save the action");

  // A refusal from Rust shows, and the value is not kept for a retry.
  await byTestId(page, "auth-secret-name").fill("hooks_nowhere");
  const nowhere = setterOf(page, "hooks_nowhere");
  await nowhere.locator('[data-testid="secret-status"][data-state="unset"]').waitFor();
  await byTestId(nowhere, "secret-origin-remove").click();
  await byTestId(nowhere, "secret-origins-empty").waitFor();
  await byTestId(nowhere, "secret-input").fill(SECRET);
  await byTestId(nowhere, "secret-save").click();
  const refused = byTestId(nowhere, "secret-error");
  await refused.waitFor();
  assert.match(await refused.innerText(), /INVALID_INPUT.*name at least one origin/);
  assert.equal(await byTestId(nowhere, "secret-input").inputValue(), "");

  // A `{{secret:NAME}}` in a header is sent to the action's URL: it gets its setter too.
  await byTestId(page, "add-headers").click();
  const headerRow = page.locator('[data-testid="param-row"][data-list="headers"]');
  await byTestId(headerRow, "param-name").fill("X-Tenant-Token");
  await byTestId(headerRow, "param-value").fill("{{secret:tenant_token}}");
  const tenant = setterOf(page, "tenant_token");
  await tenant.locator('[data-testid="secret-status"][data-state="unset"]').waitFor();
  assert.deepEqual(await originsOf(tenant), ["https://hooks.example.com"], "pre-filled with the action's origin");
  assert.equal(await setterOf(page, "tenant_token").count(), 1, "one setter a name");

  // A custom token's placeholders are sent to the token endpoint: its origin is the pre-fill.
  await byTestId(page, "auth-type").selectOption("customToken");
  await byTestId(page, "auth-token-url").fill("https://auth.example.com/oauth/token");
  await byTestId(page, "add-token-header").click();
  const header = byTestId(page, "token-header-row").locator("input");
  await header.nth(0).fill("Authorization");
  await header.nth(1).fill("Basic {{secret:hooks_client}}");
  const client = setterOf(page, "hooks_client");
  await client.locator('[data-testid="secret-status"][data-state="unset"]').waitFor();
  assert.deepEqual(await originsOf(client), ["https://auth.example.com"], "pre-filled with the token request's origin");

  // A credential typed in clear inside the token request's body is shown under the body,
  // led by where it is in the JSON.
  await byTestId(page, "auth-token-body").fill('{"grant_type": "client_credentials", "client": {"client_secret": "cs-1"}}');
  const bodyMessages = page.locator('[data-testid="field-messages"][data-path="auth.request.body"]');
  await bodyMessages.locator('[data-code="E_SECRET_IN_CONSTANT"]').waitFor();
  assert.match(await bodyMessages.innerText(), /client\.client_secret: `client_secret` looks like a credential written in clear/);
  assert.equal(await byTestId(page, "auth-token-body").getAttribute("aria-invalid"), "true");
  await byTestId(page, "auth-token-body").fill('{"grant_type": "client_credentials", "client": {"client_secret": "{{secret:hooks_client}}"}}');
  await until(async () => (await bodyMessages.count()) === 0, "the placeholder clears it");

  await settled(page);
  assert.deepEqual(
    calls.filter((c) => c.cmd !== "set_secret" && JSON.stringify(c.args).includes(SECRET)),
    [],
    "the value is in no other IPC call",
  );
  assert.equal(await page.locator("body").evaluate((b, v) => b.innerHTML.includes(v), SECRET), false);
}

// A stored secret: where it is kept and may go; a call its binding refuses, and the fix.
async function boundSecrets(page, url, { calls }) {
  await home(page, url);
  await openForm(page, "action", "send_reminder");
  const setter = setterOf(page, "sms_key");
  await setter.locator('[data-testid="secret-status"][data-state="set"]').waitFor();
  assert.equal(await byTestId(setter, "secret-status").innerText(), "Set, kept in the OS keychain");
  assert.equal(await byTestId(setter, "secret-binding").innerText(), "May be sent to https://old-sms.example.com.");
  assert.deepEqual(await originsOf(setter), ["https://old-sms.example.com"], "the editor starts from the stored origins");
  const problems = byTestId(setter, "secret-problems");
  assert.match(await byTestId(problems, "secret-unbound").innerText(), /This action's URL goes to https:\/\/sms\.example\.com, where this secret may not be sent/);
  assert.match(await byTestId(problems, "secret-problem").innerText(), /action:send_reminder \(auth\.secret\): secret `sms_key` may be sent to https:\/\/old-sms\.example\.com only/);
  await page.screenshot({ path: join(artifactsDir, "secrets-problem.png"), fullPage: true });

  const bind = byTestId(setter, "secret-bind");
  assert.equal(await bind.innerText(), "Bind to https://sms.example.com");
  await bind.click();
  await problems.waitFor({ state: "detached" });
  assert.deepEqual(called(calls, "bind_secret"), [{ name: "sms_key", binding: { origins: ["https://old-sms.example.com", "https://sms.example.com"], allowHttp: false } }]);
  await until(() => byTestId(setter, "secret-binding").innerText().then((t) => t === "May be sent to https://old-sms.example.com, https://sms.example.com."), "new binding shown");

  // The old origin goes, without retyping the value.
  await setter.getByRole("button", { name: "Remove origin https://old-sms.example.com" }).click();
  await byTestId(setter, "secret-rebind").click();
  await until(() => called(calls, "bind_secret").length === 2, "second binding");
  assert.deepEqual(called(calls, "bind_secret")[1], { name: "sms_key", binding: { origins: ["https://sms.example.com"], allowHttp: false } });
  await until(() => byTestId(setter, "secret-binding").innerText().then((t) => t === "May be sent to https://sms.example.com."), "rebound");
  await byTestId(setter, "secret-rebind").waitFor({ state: "detached" });
  assert.deepEqual(called(calls, "set_secret"), [], "no value was sent");
}

// No keychain: secrets go to an encrypted file, unlocked with a passphrase for this run.
async function noKeychain(page, url, { calls }) {
  await home(page, url);
  await openForm(page, "dataSource", "crm");
  await byTestId(page, "data-source-form").waitFor();
  const note = byTestId(page, "keychain-problem");
  await note.waitFor();
  assert.match(await note.innerText(), new RegExp(`^No keychain service on this machine: secrets are kept in the encrypted file ${FILE}\\.`));
  const setter = setterOf(page, "crm_password");
  await setter.locator('[data-testid="secret-status"][data-state="unset"]').waitFor();

  await byTestId(note, "unlock-secrets").click();
  const dialog = byTestId(page, "unlock-dialog");
  await dialog.waitFor();
  const passphrase = byTestId(dialog, "unlock-passphrase");
  await passphrase.fill(WRONG);
  await byTestId(dialog, "confirm").click();
  const error = byTestId(dialog, "unlock-error");
  await error.waitFor();
  assert.match(await error.innerText(), /^Not unlocked: SECRET_STORE secrets file .*: wrong passphrase$/);
  assert.equal(await passphrase.inputValue(), "", "the passphrase is not kept");
  await page.screenshot({ path: join(artifactsDir, "secrets-unlock.png"), fullPage: true });

  await passphrase.fill(PASSPHRASE);
  await passphrase.press("Enter");
  await dialog.waitFor({ state: "detached" });
  await byTestId(note, "secrets-unlocked").waitFor();
  await waitForCount(page, '[data-testid="unlock-secrets"]', 0);
  assert.deepEqual(called(calls, "unlock_secrets"), [{ passphrase: WRONG }, { passphrase: PASSPHRASE }]);
  assert.deepEqual(called(calls, "save_data_source"), [], "Enter in the dialog does not save the form");
  // Asked again: the secret in the file is in reach now.
  await setter.locator('[data-testid="secret-status"][data-state="set"]').waitFor();
  assert.equal(await byTestId(setter, "secret-status").innerText(), "Set, kept in the encrypted secrets file");

  await settled(page);
  assert.deepEqual(
    calls.filter((c) => c.cmd !== "unlock_secrets" && JSON.stringify(c.args).includes(PASSPHRASE)),
    [],
    "the passphrase is in no other IPC call",
  );
  assert.equal(await page.locator("body").evaluate((b, v) => b.innerHTML.includes(v), PASSPHRASE), false);
}

// A business user sees a secret's status but cannot set or bind it.
async function businessUser(page, url, { calls }) {
  await home(page, url);
  await openForm(page, "action", "send_reminder");
  await byTestId(page, "action-form").waitFor();
  const setter = setterOf(page, "sms_key");
  await setter.locator('[data-testid="secret-status"][data-state="set"]').waitFor();
  await byTestId(setter, "secret-problems").waitFor();
  assert.ok(await byTestId(setter, "secret-input").isDisabled(), "no value can be typed");
  assert.ok(await byTestId(setter, "secret-save").isDisabled(), "Save secret is read-only");
  assert.equal(await byTestId(setter, "secret-save").getAttribute("aria-disabled"), "true");
  assert.ok(await byTestId(setter, "secret-bind").isDisabled(), "Bind is read-only");
  assert.ok(await byTestId(setter, "secret-origin-input").isDisabled());
  await settled(page);
  for (const cmd of ["set_secret", "bind_secret", "delete_secret", "unlock_secrets"]) assert.deepEqual(called(calls, cmd), [], `no ${cmd} call`);
}

// Import: an origin change needs a yes; without one, the bundle goes in at once.
async function importing(page, url, { calls }, state) {
  await home(page, url);
  const change = {
    object: "dataSource:orders",
    from: ["https://orders.example.com"],
    to: ["https://orders.elsewhere.example"],
    secrets: ["orders_key"],
  };
  const withChange = { events: 0, dataSources: 1, actions: 0, journeys: 0, originChanges: [change] };
  state.previews.set("tok-1", withChange);
  state.previews.set("tok-2", withChange);
  state.previews.set("tok-3", { events: 1, dataSources: 0, actions: 2, journeys: 1, originChanges: [] });

  // Asked, then cancelled: nothing is imported.
  state.dialogAnswers.push({ token: "tok-1", name: "orders.parcours.json" });
  await byTestId(page, "import-bundle").click();
  const dialog = page.locator("dialog[open]");
  await dialog.getByText("Importing it changes where these configurations send their calls").waitFor();
  assert.equal(await dialog.locator(".dialog-title").innerText(), "Import orders.parcours.json?");
  const item = byTestId(dialog, "origin-change");
  assert.match(await item.innerText(), /^Data source orders: https:\/\/orders\.example\.com → https:\/\/orders\.elsewhere\.example/);
  assert.equal(await byTestId(item, "origin-from").innerText(), "https://orders.example.com");
  assert.equal(await byTestId(item, "origin-to").innerText(), "https://orders.elsewhere.example");
  assert.match(
    await byTestId(item, "origin-secrets").innerText(),
    /Its secret orders_key stays bound to https:\/\/orders\.example\.com: bind it again in its form if it should follow\./,
  );
  assert.equal(await byTestId(dialog, "confirm").innerText(), "Import anyway");
  await page.screenshot({ path: join(artifactsDir, "secrets-import-confirm.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  await settled(page);
  assert.deepEqual(called(calls, "preview_import_file"), [{ token: "tok-1" }]);
  assert.deepEqual(called(calls, "import_bundle_file"), [], "cancelled: nothing imported");
  assert.equal(await byTestId(page, "file-note").count(), 0);

  // Asked, then confirmed: imported with the yes, and the note says what moved.
  state.dialogAnswers.push({ token: "tok-2", name: "orders.parcours.json" });
  await byTestId(page, "import-bundle").click();
  await dialog.getByText("Importing it changes where these configurations send their calls").waitFor();
  await byTestId(dialog, "confirm").click();
  const note = byTestId(page, "file-note");
  await note.waitFor();
  assert.deepEqual(called(calls, "import_bundle_file"), [{ token: "tok-2", allowOriginChange: true }]);
  assert.match(await note.innerText(), /^Imported 0 journeys, 0 events, 1 data sources, 0 actions\. Calls now go elsewhere: Data source orders: https:\/\/orders\.example\.com → https:\/\/orders\.elsewhere\.example\./);
  assert.match(await note.innerText(), /Their secrets \(orders_key\) stay bound to the old origins/);

  // No origin changes: no question, imported without the yes.
  state.dialogAnswers.push({ token: "tok-3", name: "welcome.parcours.json" });
  await byTestId(page, "import-bundle").click();
  await until(() => called(calls, "import_bundle_file").length === 2, "second import");
  assert.deepEqual(called(calls, "import_bundle_file")[1], { token: "tok-3", allowOriginChange: false });
  await note.getByText("Imported 1 journeys, 1 events, 0 data sources, 2 actions").waitFor();
  assert.equal(await page.locator("dialog[open]").count(), 0, "nothing to confirm");

  // Every dialog is Rust's; every door got its token, never a path.
  assert.deepEqual(called(calls, "choose_file"), [
    { purpose: "open", kind: "bundle", title: "Import a bundle", defaultName: null },
    { purpose: "open", kind: "bundle", title: "Import a bundle", defaultName: null },
    { purpose: "open", kind: "bundle", title: "Import a bundle", defaultName: null },
  ]);
  assert.ok(
    calls.filter((c) => c.cmd.endsWith("_file")).every((c) => !("path" in c.args)),
    "no file door is given a path",
  );
  assert.deepEqual(
    calls.filter((c) => c.cmd.startsWith("plugin:dialog")),
    [],
    "no dialog plugin call from the window",
  );
}

// A constant named like a credential is an error on its field and is not saved, unless
// it is marked "not a secret".
async function notASecret(page, url, { calls }, state) {
  await home(page, url);
  await openForm(page, "action", null);
  await byTestId(page, "action-form").waitFor();
  await byTestId(page, "form-name").fill("relay");
  await byTestId(page, "action-url").fill("https://relay.example.com/v1");
  await byTestId(page, "add-headers").click();
  const header = page.locator('[data-testid="param-row"][data-list="headers"]');
  await byTestId(header, "param-name").fill("X-Token-Type");
  await byTestId(header, "param-value").fill("bearer");
  await byTestId(page, "payload-example").fill('{"text": "hi", "auth": {"token": "abc"}}');
  await waitForCount(page, '[data-testid="payload-row"]', 2);

  const headerDiag = page.locator('[data-testid="field-messages"][data-path="headers.0.value"] [data-code="E_SECRET_IN_CONSTANT"]');
  await headerDiag.waitFor();
  assert.match(await headerDiag.innerText(), /`X-Token-Type` looks like a credential written in clear/);
  assert.equal(await byTestId(header, "param-value").getAttribute("aria-invalid"), "true");
  const payloadRow = page.locator('[data-testid="payload-row"][data-path="auth.token"]');
  const payloadDiag = payloadRow.locator('[data-testid="field-messages"][data-path="payload.1.value"] [data-code="E_SECRET_IN_CONSTANT"]');
  await payloadDiag.waitFor();
  assert.match(await payloadDiag.innerText(), /payload field `auth.token`/);
  assert.equal(await page.locator('[data-testid="diag-item"][data-code="E_SECRET_IN_CONSTANT"]').count(), 2);

  // Saving is refused by Rust, naming the field; the form keeps what was typed.
  await byTestId(page, "form-save").click();
  const refused = byTestId(page, "save-error");
  await refused.waitFor();
  assert.equal(await refused.getAttribute("data-code"), "INVALID_INPUT");
  assert.match(await refused.innerText(), /Not saved: INVALID_INPUT action `relay`: headers\[0\]\.value: .*not saved/);
  assert.equal(await byTestId(header, "param-value").inputValue(), "bearer");
  await page.screenshot({ path: join(artifactsDir, "secrets-not-a-secret.png"), fullPage: true });

  // "Not a secret" on both: no error left, saved with the mark.
  await byTestId(header, "not-secret").check();
  await byTestId(payloadRow, "not-secret").check();
  await headerDiag.waitFor({ state: "detached" });
  await payloadDiag.waitFor({ state: "detached" });
  await byTestId(page, "form-save").click();
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  const saved = called(calls, "save_action").at(-1).action;
  assert.deepEqual(saved.headers, [{ name: "X-Token-Type", value: { kind: "constant", value: "bearer" }, notSecret: true }]);
  assert.deepEqual(saved.payload, [
    { path: "text", value: { kind: "constant", value: "hi" } },
    { path: "auth.token", value: { kind: "constant", value: "abc" }, notSecret: true },
  ]);
  assert.ok(state.actions.some((a) => a.name === "relay"));

  // A variable row sends no mark, even if it was ticked while constant.
  await byTestId(header, "param-mode").selectOption("variable");
  await byTestId(page, "form-save").click();
  await until(() => called(calls, "save_action").length === 3, "saved again");
  assert.equal("notSecret" in called(calls, "save_action").at(-1).action.headers[0], false);
}

async function main() {
  readFileSync(join(distDir, "index.html")); // fails early when `npm run build` has not run
  let server;
  let browser;
  try {
    server = await serveDir(distDir);
    browser = await launchChromium({ viewport: { width: 1360, height: 1000 } });
    let current = backend();
    // current_user is answered by the backend of the flow under test, not the harness.
    const ipc = await mockIpcWithEvents(browser.context, (cmd, args) => current.handle(cmd, args), { user: null });
    const { page } = browser;
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const unknown = [];
    const flow = async (options, run) => {
      current = backend(options);
      ipc.calls.length = 0; // each flow's calls on their own
      ipc.forget();
      await run(page, server.url, ipc, current.state);
      unknown.push(...current.state.unknown);
    };
    try {
      await flow({}, newSecrets);
      await flow({}, boundSecrets);
      await flow({ keychainProblem: NO_KEYCHAIN }, noKeychain);
      await flow({ me: "bea" }, businessUser);
      await flow({}, importing);
      await flow({}, notASecret);
    } catch (e) {
      await page.screenshot({ path: join(artifactsDir, "secrets-failure.png"), fullPage: true }).catch(() => {});
      throw e;
    }
    assert.deepEqual(unknown, [], "no command the mock does not know");
    assert.deepEqual(pageErrors, [], "no uncaught page errors");
    console.log("secrets browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
