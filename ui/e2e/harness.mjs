// Helpers for browser tests of the built UI: a tiny static server, the system Chromium
// through playwright-core with a fresh profile, and a Tauri IPC mock whose answers come
// from the test process (so a test can record every command and its arguments, and
// answer per flow), with Tauri's event plugin (`listen`) when a test emits events. Also
// builds the dev-only harness entries (config-harness.html, analysis-harness.html) on
// their own, into a temporary directory, so the app build (vite.config.ts, ui/dist) is
// left as it is. `current_user` is answered with an administrator unless a test answers
// it; each role's permissions are read from Rust's source, so no test keeps a copy.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { journeyHelpAnswer } from "./journeyHelp.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
export const uiDir = resolve(here, "..");
export const distDir = join(uiDir, "dist");
export const artifactsDir = resolve(uiDir, "../tests/artifacts");
export const TIMEOUT = 15_000;

/** Builds one dev-only harness page of ui/ (`config-harness.html`, ...) with the app's Vite config into a temporary directory. */
export async function buildHarness(page) {
  const { build } = await import("vite");
  const outDir = mkdtempSync(join(tmpdir(), `parcours-${page.replace(/\.html$/, "")}-`));
  await build({
    root: uiDir,
    configFile: join(uiDir, "vite.config.ts"),
    logLevel: "warn",
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: { input: join(uiDir, page) },
    },
  });
  return { dir: outDir, dispose: () => rmSync(outDir, { recursive: true, force: true }) };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/** The app window's Content-Security-Policy (tauri.conf.json), sent with every page so
 * that what the window would block (say, a blob: image) fails here too. */
const CSP = JSON.parse(readFileSync(resolve(uiDir, "../tauri.conf.json"), "utf8")).app.security.csp;

/** Serves `dir` (default ui/dist) on a free loopback port, with the app's CSP. */
export function serveDir(dir = distDir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, "");
    const file = resolve(root, rel === "" ? "index.html" : rel);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-security-policy": CSP,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Chromium with a fresh profile (`viewport` defaults to 1360x900); `close` ends it and removes the profile. */
export async function launchChromium({ viewport = { width: 1360, height: 900 } } = {}) {
  mkdirSync(artifactsDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "parcours-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Runs in the page before its scripts: Tauri's `invoke` forwards to the test process.
function installMockTauri() {
  let nextCallback = 1;
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback(callback, once) {
      const id = nextCallback++;
      const key = `_${id}`;
      window[key] = (...args) => {
        if (once) delete window[key];
        return callback?.(...args);
      };
      return id;
    },
    async invoke(cmd, args) {
      const reply = await window.__parcoursIpc(cmd, args ?? {});
      if (reply.error) throw reply.error;
      return reply.ok;
    },
  };
}

/**
 * Each role's permissions as Rust grants them (`Role::permissions` and `Permission::ALL`
 * in crates/workspace/src/access.rs), in the camelCase of the generated bindings:
 * `{ business: ["readJourneys", ...], ... }`. Fails when the source no longer reads so.
 */
export function rolePermissions() {
  const source = readFileSync(resolve(uiDir, "../crates/workspace/src/access.rs"), "utf8");
  const camel = (name) => name[0].toLowerCase() + name.slice(1);
  const names = (list) => list.split(",").map((x) => x.trim()).filter(Boolean).map((x) => camel(x.replace(/^Permission::/, "")));
  const all = source.match(/pub const ALL: \[Permission; \d+\] = \[([^\]]*)\]/);
  assert.ok(all, "access.rs: Permission::ALL not found");
  const body = source.slice(source.indexOf("pub fn permissions(self)"));
  const roles = {};
  for (const m of body.matchAll(/Role::(\w+) => &(?:\[([^\]]*)\]|Permission::ALL)/g)) {
    roles[camel(m[1])] ??= m[2] === undefined ? names(all[1]) : names(m[2]);
  }
  const known = readFileSync(resolve(uiDir, "src/bindings/Permission.ts"), "utf8");
  for (const role of ["technical", "business", "publisher", "administrator", "viewer"]) {
    assert.ok(roles[role], `access.rs: the permissions of ${role} not found`);
    for (const p of roles[role]) assert.ok(known.includes(`"${p}"`), `access.rs: ${role}'s ${p} is not in the bindings`);
  }
  return roles;
}

/** `current_user`'s answer for `name` with `role`, as Rust sends it. */
export function userWithRole(name, role) {
  return { name, role, permissions: rolePermissions()[role] };
}

/**
 * Answers the page's IPC with `handle(cmd, args)`: its value is the result, and what
 * it throws is the error, as `{code, message}` like the Rust side's ApiError.
 * `current_user` is answered with `user` (an administrator unless given); with `user:
 * null`, `handle` answers it too. `journey_help` is answered by `help(journey)`
 * (journeyHelp.mjs: the sample journey's scopes, the functions) unless `help: null`.
 * Returns the list of calls made, in order: `{cmd, args}`.
 */
export async function mockIpc(context, handle, { user = userWithRole("ada", "administrator"), help = journeyHelpAnswer } = {}) {
  const calls = [];
  await context.exposeFunction("__parcoursIpc", async (cmd, args) => {
    calls.push({ cmd, args: structuredClone(args) });
    try {
      if (cmd === "current_user" && user !== null) return { ok: user };
      if (cmd === "journey_help" && help !== null) return { ok: help(args.journey) };
      return { ok: await handle(cmd, args) };
    } catch (e) {
      const error = typeof e?.code === "string" ? { code: e.code, message: String(e.message) } : { code: "INTERNAL", message: String(e?.message ?? e) };
      return { error };
    }
  });
  await context.addInitScript(installMockTauri);
  return calls;
}

// Runs in the page before its scripts: `unlisten` calls this before its IPC command.
function installMockEventPlugin() {
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener() {} };
}

/**
 * mockIpc plus Tauri's event plugin as `listen` from "@tauri-apps/api/event" uses it:
 * `plugin:event|listen {event, target, handler}` registers the callback id that
 * `transformCallback` gave the handler and answers an event id; `plugin:event|unlisten
 * {event, eventId}` removes it. Both are recorded in `calls` like any command.
 * `emit(page, event, payload)` calls the page's listeners of `event` with {event, id,
 * payload}, as Rust's `emit` does, and returns how many it reached; `listening(event)`
 * counts them; `forget()` drops them all (call it when the page is reloaded). `options`
 * are mockIpc's (`user`).
 */
export async function mockIpcWithEvents(context, handle, options) {
  const listeners = new Map();
  let nextId = 1;
  const calls = await mockIpc(context, (cmd, args) => {
    switch (cmd) {
      case "plugin:event|listen": {
        const id = nextId++;
        listeners.set(id, { event: args.event, handler: args.handler });
        return id;
      }
      case "plugin:event|unlisten":
        listeners.delete(args.eventId);
        return null;
      default:
        return handle(cmd, args);
    }
  }, options);
  await context.addInitScript(installMockEventPlugin);
  const of = (event) => [...listeners].filter(([, l]) => l.event === event).map(([id, l]) => [id, l.handler]);
  return {
    calls,
    listening: (event) => of(event).length,
    forget: () => listeners.clear(),
    async emit(page, event, payload) {
      const targets = of(event);
      await page.evaluate(
        ([targets, event, payload]) => {
          for (const [id, handler] of targets) window[`_${handler}`]?.({ event, id, payload });
        },
        [targets, event, payload],
      );
      return targets.length;
    },
  };
}

/** Polls until `selector` matches exactly `n` elements. */
export async function waitForCount(page, selector, n) {
  await page.waitForFunction(([s, c]) => document.querySelectorAll(s).length === c, [selector, n], { timeout: TIMEOUT });
  assert.equal(await page.locator(selector).count(), n, `${selector} count`);
}

/** Polls until `predicate()` (run in the test process) is true. */
export async function until(predicate, what) {
  const end = Date.now() + TIMEOUT;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => globalThis.setTimeout(ok, 25));
  }
}

/**
 * The step-through session's IPC commands (src-tauri's start_test_session, session_*,
 * close_test_session), for a mockIpc handler: `answerSession(session, cmd, args)`
 * calls `session.start(args)`, `push(events)`, `sendReaction({person, event, at,
 * payload})`, `step()`, `nextTimer()`, `advance(to)`, `run()` or `close()`, each
 * answering a SessionView (`close` nothing), and refuses a move with no session open as
 * Rust does. A time before the session's `now` is refused for advance and reactions.
 * Returns `undefined` for any other command (`isSessionCommand` tells which are).
 */
export function answerSession(session, cmd, args) {
  const open = () => {
    if (!session.open) throw { code: "INVALID_INPUT", message: "no test session is open: start one from the test panel" };
  };
  const notBefore = (at) => {
    if (at !== null && at !== undefined && Date.parse(at) < Date.parse(session.now))
      throw { code: "INVALID_INPUT", message: `${at} is before the simulation's time ${session.now}` };
  };
  switch (cmd) {
    case "start_test_session":
      session.open = true;
      return session.start(args);
    case "session_push_events":
      open();
      return session.push(args.events);
    case "session_send_reaction":
      open();
      notBefore(args.at);
      return session.sendReaction(args);
    case "session_step":
      open();
      return session.step();
    case "session_next_timer":
      open();
      return session.nextTimer();
    case "session_advance":
      open();
      notBefore(args.to);
      return session.advance(args.to);
    case "session_run":
      open();
      return session.run();
    case "close_test_session":
      session.open = false;
      session.close?.();
      return null;
    default:
      return undefined;
  }
}

export const isSessionCommand = (cmd) => cmd === "start_test_session" || cmd === "close_test_session" || cmd.startsWith("session_");
