// Browser test of the built UI (run `npm run build` first): serves ui/dist with the
// static server of harness.mjs, drives the system Chromium through playwright-core and
// answers Tauri IPC from fixtures built out of ../examples/*.parcours.json (its own
// in-page mock, which records what the UI sent in window.__mock).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { artifactsDir, distDir, launchChromium, serveDir, TIMEOUT, uiDir, until, userWithRole, waitForCount } from "./harness.mjs";

const examplesDir = resolve(uiDir, "../examples");

// ---------- fixtures ----------
const journeys = {};
const events = [];
const actions = [];
for (const file of readdirSync(examplesDir).filter((f) => f.endsWith(".parcours.json")).sort()) {
  const bundle = JSON.parse(readFileSync(join(examplesDir, file), "utf8"));
  for (const j of bundle.journeys ?? []) journeys[j.name] = j;
  events.push(...(bundle.events ?? []));
  actions.push(...(bundle.actions ?? []));
}
assert.ok(events.some((e) => e.name === "cart_abandoned"), "fixture event cart_abandoned missing from examples");
const expectedNames = ["cart_recovery", "loyalty_upgrade", "vip_onboarding", "welcome_series"];
for (const name of expectedNames) assert.ok(journeys[name], `fixture journey ${name} missing from examples`);

const latest = (j) => j.versions.reduce((a, b) => (b.version > a.version ? b : a));
const remindDiagnostic = {
  object: "journey:cart_recovery",
  node: "remind",
  path: "activity.errorPath",
  code: "E_OPEN_PORT",
  severity: "error",
  message: "Port 'error' of node 'remind' is not connected",
};
const fixtures = {
  overview: {
    databasePath: "/tmp/parcours-browser-test.sqlite",
    journeys: expectedNames.map((name) => {
      const v = latest(journeys[name]);
      const errors = name === "cart_recovery" ? 1 : 0;
      return {
        name,
        description: journeys[name].description ?? "",
        latestVersion: v.version,
        status: v.status,
        state: v.status,
        ...(v.status === "live" ? { liveVersion: v.version } : {}),
        activities: v.nodes.length,
        updatedAt: "2026-01-01T00:00:00Z",
        errors,
        warnings: 0,
      };
    }),
    events: [],
    dataSources: [],
    actions: [],
  },
  journeys: Object.fromEntries(expectedNames.map((n) => [n, journeys[n]])),
  diagnostics: { cart_recovery: [remindDiagnostic] },
  events,
  actions,
  // Who is working: an administrator, who may do everything these tests do.
  currentUser: userWithRole("ada", "administrator"),
};

// A journey past LARGE_JOURNEY (150 activities): 300 in a chain, ten to a row.
function largeJourney(count) {
  const at = (i) => ({ x: (i % 10) * 260, y: Math.floor(i / 10) * 160 });
  const nodes = [{ id: "start", label: "Start", position: at(0), activity: { type: "entry", event: "cart_abandoned" } }];
  for (let i = 1; i < count - 1; i++) {
    nodes.push({ id: `w${i}`, label: `Wait ${i}`, position: at(i), activity: { type: "wait", wait: { kind: "duration", seconds: 60 } } });
  }
  nodes.push({ id: "end", label: "End", position: at(count - 1), activity: { type: "end" } });
  const edges = nodes.slice(0, -1).map((n, i) => ({ from: n.id, port: "next", to: nodes[i + 1].id }));
  const version = { ...latest(journeys.cart_recovery), version: 1, status: "draft", data: [], nodes, edges };
  delete version.publishedAt;
  return { name: "large", description: "", versions: [version] };
}
const large = largeJourney(300);
const largeFixtures = {
  ...fixtures,
  overview: {
    ...fixtures.overview,
    journeys: [{ ...fixtures.overview.journeys[0], name: "large", activities: 300, errors: 0 }],
  },
  journeys: { large },
  diagnostics: {},
};

// Runs in the page before any of its scripts. Besides answering, it records what the UI
// sent (window.__mock) so the test can check saves and test runs.
function installMockTauri(data) {
  let nextCallback = 1;
  const mock = {
    saves: [],
    savesInFlight: 0,
    maxSavesInFlight: 0,
    validations: 0,
    runs: [],
    failSaves: false,
    dialogs: [],
    files: [],
    // What the next native dialog (Rust's, behind choose_file) answers: {token, name} or null.
    nextFile: null,
    listeners: [],
    closedSessions: 0,
    whatIfs: [],
    sessions: [],
    sessionCalls: [],
    failSession: false,
  };
  window.__mock = mock;

  const latest = (j) => j.versions.reduce((a, b) => (b.version > a.version ? b : a));
  const notFound = (name) => ({ code: "NOT_FOUND", message: `journey '${name}' not found` });
  const summary = (j) => ({
    name: j.name,
    description: j.description,
    latestVersion: latest(j).version,
    status: latest(j).status,
    state: latest(j).status,
    activities: latest(j).nodes.length,
    updatedAt: "2026-01-01T00:00:00Z",
    errors: 0,
    warnings: 0,
  });
  const addJourney = (j) => {
    data.journeys[j.name] = j;
    data.overview.journeys = [...data.overview.journeys.filter((s) => s.name !== j.name), summary(j)];
  };
  const checkNewName = (name) => {
    if (data.journeys[name]) throw { code: "CONFLICT", message: `a journey named \`${name}\` already exists` };
  };

  // Canned validation: an expression containing "bogus" is a syntax error.
  const diagnose = (j) =>
    latest(j).nodes.flatMap((n) =>
      n.activity.type !== "condition"
        ? []
        : n.activity.paths.flatMap((p, i) =>
            p.expression.includes("bogus")
              ? [
                  {
                    object: `journey:${j.name}`,
                    node: n.id,
                    path: `activity.paths[${i}].expression`,
                    code: "E_EXPR_SYNTAX",
                    severity: "error",
                    message: `syntax error at 1:1 in \`${p.expression}\``,
                  },
                ]
              : [],
          ),
    );

  // Canned simulation: one person from the entry along each node's first port.
  const firstPort = (a) => {
    switch (a.type) {
      case "entry":
      case "wait":
      case "reaction":
        return "next";
      case "condition":
      case "dateCondition":
      case "timeCondition":
        return a.paths[0]?.port ?? (a.other ? "other" : null);
      case "split":
        return a.branches[0]?.port ?? null;
      case "action":
        return "success";
      default:
        return null;
    }
  };
  const simulate = (name, jsonl) => {
    const line = JSON.parse(jsonl.split("\n")[0]);
    const v = latest(data.journeys[name]);
    const entries = [];
    const nodes = {};
    let node = v.nodes.find((n) => n.activity.type === "entry");
    while (node) {
      const at = line.at;
      entries.push({ at, journey: name, node: node.id, kind: "entered" });
      const port = firstPort(node.activity);
      nodes[node.id] = { entered: 1, exited: port ? { [port]: 1 } : {}, errors: 0, timeouts: 0, waiting: 0 };
      if (node.activity.type === "condition" && port !== "other") {
        entries.push({ at, journey: name, node: node.id, kind: "evaluated", expression: node.activity.paths[0].expression, value: "true" });
      }
      if (!port) {
        entries.push({ at, journey: name, node: node.id, kind: "finished", outcome: { kind: "ended" } });
        break;
      }
      entries.push({ at, journey: name, node: node.id, kind: "exited", port });
      const edge = v.edges.find((e) => e.from === node.id && e.port === port);
      node = edge && v.nodes.find((n) => n.id === edge.to);
    }
    return {
      journey: name,
      people: 1,
      report: {
        nodes: { [name]: nodes },
        journeys: { [name]: { entered: 1, finished: 1, jumped: 0, exitedEarly: 0, errors: 0, stillInside: 0 } },
        discarded: {},
        events: 1,
      },
      traces: [{ instance: "i-1", profileId: String(line.payload?.email ?? "someone"), journey: name, entries }],
    };
  };

  // Canned step-through session on the same trace: each step shows one more node's
  // entries, "to next timer" moves the clock an hour (and shows one more), advancing sets
  // the clock, running shows them all.
  let session = null;
  const iso = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");
  const sessionView = () => {
    const { journey, full, groups, shown, now, eventAt } = session;
    const entries = groups.slice(0, shown).flat();
    const nodes = {};
    for (const e of entries) {
      nodes[e.node] ??= { entered: 0, exited: {}, errors: 0, timeouts: 0, waiting: 0 };
      if (e.kind === "entered") nodes[e.node].entered += 1;
      if (e.kind === "exited") nodes[e.node].exited[e.port] = 1;
    }
    const finished = shown === groups.length && full !== null;
    return {
      now,
      ...(shown < groups.length ? { nextAt: eventAt > now ? eventAt : now } : {}),
      result: {
        journey,
        people: full ? 1 : 0,
        report: {
          nodes: { [journey]: nodes },
          journeys: {
            [journey]: { entered: shown > 0 ? 1 : 0, finished: finished ? 1 : 0, jumped: 0, exitedEarly: 0, errors: 0, stillInside: shown > 0 && !finished ? 1 : 0 },
          },
          discarded: {},
          events: full ? 1 : 0,
        },
        traces: full && shown > 0 ? [{ ...full.traces[0], entries }] : [],
      },
    };
  };
  const sessionMove = (cmd, args, move) => {
    mock.sessionCalls.push({ cmd, ...args });
    if (!session) throw { code: "INVALID_INPUT", message: "no test session is open: start one from the test panel" };
    if (mock.failSession) throw { code: "INTERNAL", message: "mock: the session broke" };
    move();
    return sessionView();
  };
  const reveal = () => {
    if (session.eventAt > session.now) session.now = session.eventAt;
    session.shown = Math.min(session.shown + 1, session.groups.length);
  };

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
      switch (cmd) {
        case "overview":
          return structuredClone(data.overview);
        case "current_user":
          return structuredClone(data.currentUser);
        case "get_journey": {
          const j = data.journeys[args?.name];
          if (!j) throw notFound(args?.name);
          return structuredClone(j);
        }
        case "validate_journey":
          if (!data.journeys[args?.name]) throw notFound(args?.name);
          return structuredClone(data.diagnostics[args.name] ?? []);
        case "list_events":
          return structuredClone(data.events);
        case "list_actions":
          return structuredClone(data.actions);
        // The test panel's profile menu (e2e/testdata.test.mjs tests test data).
        case "list_test_profiles":
          return [];
        case "create_journey": {
          checkNewName(args?.name);
          const journey = {
            name: args.name,
            description: args.description ?? "",
            versions: [
              {
                version: 1,
                status: "draft",
                properties: {
                  reentrance: { mode: "afterWait", seconds: 300 },
                  globalTimeoutSeconds: 7862400,
                  timeZone: { kind: "fixed", zone: "UTC" },
                },
                nodes: [],
                edges: [],
              },
            ],
          };
          addJourney(journey);
          return structuredClone(journey);
        }
        case "duplicate_journey": {
          const source = data.journeys[args?.name];
          if (!source) throw notFound(args?.name);
          checkNewName(args?.newName);
          const copy = { ...structuredClone(source), name: args.newName };
          addJourney(copy);
          return structuredClone(copy);
        }
        case "delete_journey":
          if (!data.journeys[args?.name]) throw notFound(args?.name);
          delete data.journeys[args.name];
          data.overview.journeys = data.overview.journeys.filter((s) => s.name !== args.name);
          return null;
        case "validate_draft":
          mock.validations += 1;
          return diagnose(args.journey);
        case "save_journey": {
          // A slow save, so that overlapping saves would show in maxSavesInFlight.
          mock.savesInFlight += 1;
          mock.maxSavesInFlight = Math.max(mock.maxSavesInFlight, mock.savesInFlight);
          await new Promise((resolve) => window.setTimeout(resolve, 120));
          mock.savesInFlight -= 1;
          if (mock.failSaves) throw { code: "STORAGE", message: "disk full" };
          mock.saves.push(structuredClone(args.journey));
          addJourney(structuredClone(args.journey));
          return diagnose(args.journey);
        }
        case "run_test_events":
          if (!data.journeys[args?.journey]) throw notFound(args?.journey);
          mock.runs.push({ journey: args.journey, events: args.events, realCalls: args.realCalls });
          return simulate(args.journey, args.events);
        case "start_test_session":
          if (!data.journeys[args?.journey]) throw notFound(args?.journey);
          mock.sessions.push({ journey: args.journey, realCalls: args.realCalls });
          session = { journey: args.journey, full: null, groups: [], shown: 0, now: "2026-01-05T09:00:00Z", eventAt: "" };
          return sessionView();
        case "session_push_events":
          return sessionMove(cmd, args, () => {
            session.full = simulate(session.journey, args.events);
            session.eventAt = JSON.parse(args.events.split("\n")[0]).at;
            // One group per node: its entered, evaluated, exited or finished entries.
            for (const e of session.full.traces[0].entries) {
              const group = session.groups.at(-1);
              if (group && group[0].node === e.node) group.push(e);
              else session.groups.push([e]);
            }
          });
        case "session_step":
          return sessionMove(cmd, args, reveal);
        case "session_next_timer":
          return sessionMove(cmd, args, () => {
            session.now = iso(Date.parse(session.now) + 3_600_000);
            reveal();
          });
        case "session_advance":
          return sessionMove(cmd, args, () => {
            if (Date.parse(args.to) < Date.parse(session.now))
              throw { code: "INVALID_INPUT", message: `${args.to} is before the simulation's time ${session.now}` };
            session.now = args.to;
          });
        case "session_run":
          return sessionMove(cmd, args, () => {
            session.shown = session.groups.length;
          });
        case "close_test_session":
          mock.closedSessions += 1;
          return null;
        // Tauri's event plugin, as `listen` uses it: the what-if progress bar.
        case "plugin:event|listen":
          mock.listeners.push({ event: args.event, handler: args.handler });
          return mock.listeners.length;
        case "plugin:event|unlisten":
          return null;
        case "what_if": {
          mock.whatIfs.push(args);
          for (const l of mock.listeners.filter((l) => l.event === "what-if-progress"))
            window[`_${l.handler}`]?.({ event: l.event, id: 1, payload: { done: args.people / 2, total: args.people } });
          const n = args.people;
          const nodes = {
            start: { entered: n, exited: { next: n }, errors: 0, timeouts: 0, waiting: 0 },
            wait_1h: { entered: n, exited: { next: n }, errors: 0, timeouts: 0, waiting: 0 },
            still_unpaid: { entered: n, exited: { unpaid: n * 0.7, other: n * 0.3 }, errors: 0, timeouts: 0, waiting: 0 },
          };
          return {
            journey: args.journey,
            people: n,
            report: {
              nodes: { [args.journey]: nodes },
              journeys: { [args.journey]: { entered: n, finished: n, jumped: 0, exitedEarly: 0, errors: 0, stillInside: 0 } },
              discarded: {},
              events: n,
            },
            traces: [],
          };
        }
        case "coverage":
          return {
            journey: args.journey,
            covered: 2,
            people: 3,
            truncated: false,
            paths: [
              { steps: ["start[next]", "wait_1h[next]", "still_unpaid[unpaid]", "remind[success]", "end_sent"], covered: true },
              { steps: ["start[next]", "wait_1h[next]", "still_unpaid[other]", "end_paid"], covered: true },
              {
                steps: ["start[next]", "wait_1h[next]", "still_unpaid[unpaid]", "remind[error]", "end_failed"],
                covered: false,
                reason: "no fixture makes remind fail",
              },
            ],
          };
        // Rust shows the native dialog and answers a token for the file chosen there
        // (the test picks it: null is cancelled); the file doors take that token.
        case "choose_file":
          mock.dialogs.push(structuredClone(args));
          return mock.nextFile;
        case "preview_import_file":
          mock.files.push({ cmd, ...args });
          if (args?.token === "tok-broken") throw { code: "INVALID_INPUT", message: "broken.json: journeys[0].nodes: missing field" };
          return { events: 1, dataSources: 0, actions: 2, journeys: 3, originChanges: [] };
        case "import_bundle_file":
          mock.files.push({ cmd, ...args });
          return { events: 1, dataSources: 0, actions: 2, journeys: 3, fixtures: 1, testProfiles: 2, diagnostics: [], originChanges: [] };
        case "export_bundle_file":
          mock.files.push({ cmd, ...args });
          return null;
        default:
          throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
      }
    },
  };
}

// ---------- test ----------

const node = (page, id) => page.locator(`[data-testid="canvas-node"][data-id="${id}"]`);
const mock = (page) => page.evaluate(() => structuredClone(window.__mock));

async function center(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, "element has a box");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// Drags a connection from a source handle to a target handle; `beforeRelease` runs with
// the pointer still down over the target.
async function dragConnection(page, fromId, port, toId, beforeRelease = async () => {}) {
  const from = await center(page.locator(`.react-flow__node[data-id="${fromId}"] .react-flow__handle.source[data-handleid="${port}"]`));
  const to = await center(page.locator(`.react-flow__node[data-id="${toId}"] .react-flow__handle.target`));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await beforeRelease();
  await page.mouse.up();
}

// Waits until auto-layout and its zoom-to-fit animation are over: no two nodes overlap,
// all are inside the canvas, and nothing moved since the previous poll.
async function waitForSettledLayout(page) {
  let previous = "";
  await page.waitForFunction(
    () => {
      const pane = document.querySelector(".react-flow").getBoundingClientRect();
      const boxes = [...document.querySelectorAll(".react-flow__node")].map((n) => n.getBoundingClientRect());
      const apart = boxes.every((a, i) =>
        boxes.every((b, j) => i === j || a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top),
      );
      const inside = boxes.every((b) => b.left >= pane.left && b.right <= pane.right && b.top >= pane.top && b.bottom <= pane.bottom);
      return apart && inside && JSON.stringify(boxes.map((b) => [Math.round(b.x), Math.round(b.y)]));
    },
    undefined,
    { timeout: TIMEOUT, polling: 100 },
  );
  // Two equal readings in a row: the animation has stopped.
  for (;;) {
    const now = await page.evaluate(() =>
      JSON.stringify([...document.querySelectorAll(".react-flow__node")].map((n) => n.getBoundingClientRect().y)),
    );
    if (now === previous) return;
    previous = now;
    await page.waitForTimeout(100);
  }
}

async function waitForSaved(page) {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
}

// The designer on a new journey: palette, connections and their refusal, the inspector
// with inline errors from validate_draft, undo/redo, autosave, copy/paste/delete, a test
// run, and the help overlay.
async function editJourney(page) {
  // A taken name is refused and keeps what was typed; a free one opens the new journey.
  await page.locator('[data-testid="new-journey"]').click();
  const dialog = page.locator('[data-testid="new-journey-dialog"]');
  await dialog.getByLabel("Name").fill("cart_recovery");
  await dialog.getByLabel("Description").fill("Built by the browser test");
  await dialog.locator('[data-testid="confirm"]').click();
  await dialog.locator('[data-testid="error-banner"]').waitFor();
  assert.match(await dialog.locator('[data-testid="error-banner"]').innerText(), /CONFLICT/);
  assert.equal(await dialog.getByLabel("Name").inputValue(), "cart_recovery");
  assert.equal(await dialog.getByLabel("Description").inputValue(), "Built by the browser test");
  await dialog.getByLabel("Name").fill("editor_demo");
  await dialog.locator('[data-testid="confirm"]').click();
  await page.locator(".canvas-title", { hasText: "editor_demo" }).waitFor();
  await waitForSaved(page);
  assert.equal(await page.locator('[data-testid="canvas-node"]').count(), 0);
  assert.equal(await page.locator('[data-testid="undo"]').isDisabled(), true);

  // Palette: three by click (keyboard-equivalent), one dragged onto the canvas.
  for (const kind of ["entry", "wait", "condition"]) {
    await page.locator(`[data-testid="palette-item"][data-kind="${kind}"]`).click();
  }
  await page.locator('[data-testid="palette-item"][data-kind="end"]').dragTo(page.locator(".react-flow__pane"), {
    targetPosition: { x: 120, y: 120 },
  });
  await waitForCount(page, '[data-testid="canvas-node"]', 4);
  for (const id of ["entry_1", "wait_1", "condition_1", "end_1"]) await node(page, id).waitFor();
  await page.locator('[data-testid="inspector"][data-node="end_1"]').waitFor();
  await page.locator('[data-testid="auto-layout"]').click();
  await waitForSettledLayout(page);

  // Connections: two by dragging handles, one from the inspector's port menu.
  await dragConnection(page, "entry_1", "next", "wait_1");
  await waitForCount(page, ".react-flow__edge", 1);
  await dragConnection(page, "wait_1", "next", "condition_1");
  await waitForCount(page, ".react-flow__edge", 2);
  await node(page, "condition_1").click();
  const inspector = page.locator('[data-testid="inspector"][data-node="condition_1"]');
  await inspector.waitFor();
  await inspector.locator('[data-testid="port-target"][data-port="yes"]').selectOption("end_1");
  await waitForCount(page, ".react-flow__edge", 3);

  // A loop is refused while dragging, with the reason on screen.
  await dragConnection(page, "condition_1", "other", "wait_1", async () => {
    await page.locator('[data-testid="connection-hint"]', { hasText: "would create a loop" }).waitFor();
  });
  await page.locator('[data-testid="connection-hint"]').waitFor({ state: "hidden" });
  assert.equal(await page.locator(".react-flow__edge").count(), 3, "the refused connection was not added");
  const loopOption = inspector.locator('[data-testid="port-target"][data-port="other"] option[value="wait_1"]');
  assert.equal(await loopOption.isDisabled(), true, "the port menu refuses the loop too");

  // An expression Rust (here the mock) rejects shows its error under the field and on the node.
  const expression = inspector.locator('[data-testid="expression-input"][data-path="activity.paths[0].expression"]');
  await expression.fill("bogus >");
  const fieldError = inspector.locator('.field-errors[data-path="activity.paths[0].expression"] [data-testid="field-error"]');
  await fieldError.waitFor();
  assert.match(await fieldError.innerText(), /E_EXPR_SYNTAX/);
  assert.ok((await mock(page)).validations > 0, "validate_draft was called");
  await node(page, "condition_1").locator('[data-testid="node-problems"]').waitFor();
  assert.equal(await expression.getAttribute("aria-invalid"), "true");

  // Errors block test mode.
  await page.locator('[data-testid="test-toggle"]').click();
  await page.locator('[data-testid="test-blocked"]').waitFor();
  assert.equal(await page.locator('[data-testid="run-test"]').isDisabled(), true);
  assert.equal(await page.locator('[data-testid="step-start"]').isDisabled(), true, "errors block step-through too");
  await page.locator('[data-testid="test-toggle"]').click();
  await waitForCount(page, '[data-testid="test-panel"]', 0);

  // Autocomplete and the field picker insert entry-event paths.
  await expression.fill("event.ca");
  const suggestions = inspector.locator('.suggestions [role="option"]');
  await suggestions.first().waitFor();
  assert.deepEqual((await suggestions.allInnerTexts()).slice(0, 2), ["event.cartId", "event.cart"]);
  await expression.press("ArrowDown");
  await expression.press("Enter");
  assert.equal(await expression.inputValue(), "event.cart");
  await expression.fill("");
  await inspector.locator('[data-testid="field-picker"]').first().selectOption("event.cart.total");
  assert.equal(await expression.inputValue(), "event.cart.total");
  await expression.fill("event.cart.total > 100.0");
  await fieldError.waitFor({ state: "detached" });
  await waitForCount(page, '[data-testid="node-problems"]', 0);

  // Undo and redo, by button and by keyboard (outside any field).
  await inspector.getByLabel("Label", { exact: true }).fill("Big cart?");
  await node(page, "condition_1").locator(".journey-node-label", { hasText: "Big cart?" }).waitFor();
  await page.locator('[data-testid="undo"]').click();
  await node(page, "condition_1").locator(".journey-node-label", { hasText: "Condition" }).waitFor();
  await page.locator('[data-testid="redo"]').click();
  await node(page, "condition_1").locator(".journey-node-label", { hasText: "Big cart?" }).waitFor();
  await node(page, "condition_1").click();
  await page.keyboard.press("Control+z");
  await node(page, "condition_1").locator(".journey-node-label", { hasText: "Condition" }).waitFor();
  await page.keyboard.press("Control+Shift+z");
  await node(page, "condition_1").locator(".journey-node-label", { hasText: "Big cart?" }).waitFor();
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+y");
  await node(page, "condition_1").locator(".journey-node-label", { hasText: "Big cart?" }).waitFor();

  // Autosave reaches "Saved", one save at a time, and stored the edits.
  await waitForSaved(page);
  const saved = await mock(page);
  assert.equal(saved.maxSavesInFlight, 1, "never two saves in flight");
  const last = saved.saves.at(-1);
  assert.equal(last.name, "editor_demo");
  const version = last.versions.at(-1);
  const condition = version.nodes.find((n) => n.id === "condition_1");
  assert.equal(condition.label, "Big cart?");
  assert.equal(condition.activity.paths[0].expression, "event.cart.total > 100.0");
  assert.deepEqual(
    version.edges.map((e) => `${e.from}:${e.port}->${e.to}`).sort(),
    ["condition_1:yes->end_1", "entry_1:next->wait_1", "wait_1:next->condition_1"],
  );
  assert.equal(version.nodes.find((n) => n.id === "entry_1").activity.event, "cart_abandoned");
  await page.screenshot({ path: join(artifactsDir, "browser-editor.png") });

  // Copy/paste keeps edges between copied nodes; Delete and Backspace remove the selection.
  await node(page, "condition_1").click();
  await node(page, "end_1").click({ modifiers: ["Shift"] });
  await page.locator('.react-flow__node.selected[data-id="end_1"]').waitFor();
  assert.equal(await page.locator(".react-flow__node.selected").count(), 2);
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await waitForCount(page, '[data-testid="canvas-node"]', 6);
  await waitForCount(page, ".react-flow__edge", 4);
  await page.locator('.react-flow__node.selected[data-id="condition_2"]').waitFor();
  await page.locator('.react-flow__node.selected[data-id="end_2"]').waitFor();
  assert.match(await node(page, "condition_2").innerText(), /Big cart\?/);
  await page.keyboard.press("Delete");
  await waitForCount(page, '[data-testid="canvas-node"]', 4);
  await waitForCount(page, ".react-flow__edge", 3);
  await node(page, "end_1").click();
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await waitForCount(page, '[data-testid="canvas-node"]', 5);
  await page.keyboard.press("Backspace");
  await waitForCount(page, '[data-testid="canvas-node"]', 4);
  await waitForSaved(page);

  // A test run lights the path, counts entries and logs every step.
  await page.locator('[data-testid="test-toggle"]').click();
  const panel = page.locator('[data-testid="test-panel"]');
  const payload = panel.locator('[data-testid="test-payload"]');
  const example = JSON.parse(await payload.inputValue());
  assert.equal(example.email, "ada@example.com", "pre-filled from the event's field examples");
  assert.equal(typeof example.cart.total, "number");
  await payload.fill('{"email": ');
  await panel.locator('[data-testid="run-test"]').click();
  assert.match(await panel.locator('[data-testid="test-input-error"]').innerText(), /^Invalid JSON: /);
  assert.equal((await mock(page)).runs.length, 0, "invalid JSON does not run");
  await panel.getByRole("button", { name: "Reset to example" }).click();
  assert.equal(await panel.locator('[data-testid="test-time"]').inputValue(), "2026-01-05T09:00:00Z");
  await panel.locator('[data-testid="run-test"]').click();
  for (const id of ["entry_1", "wait_1", "condition_1", "end_1"]) {
    await page.locator(`[data-testid="canvas-node"][data-id="${id}"][data-lit="true"]`).waitFor();
  }
  await waitForCount(page, ".react-flow__edge.edge-lit", 3);
  assert.equal((await node(page, "wait_1").locator('[data-testid="node-count"]').innerText()).trim(), "1");
  const rows = panel.locator('[data-testid="test-log"] [data-testid="test-log-row"]');
  assert.ok((await rows.count()) >= 8, "one log row per trace entry");
  assert.match(await panel.locator('[data-testid="test-log-row"][data-kind="evaluated"]').innerText(), /event\.cart\.total > 100\.0/);
  const run = (await mock(page)).runs[0];
  assert.equal(run.journey, "editor_demo");
  const line = JSON.parse(run.events);
  assert.equal(line.event, "cart_abandoned");
  assert.equal(line.at, "2026-01-05T09:00:00Z");
  assert.equal(line.payload.email, "ada@example.com");
  await page.screenshot({ path: join(artifactsDir, "browser-test-panel.png") });
  await panel.locator('[data-testid="clear-test"]').click();
  await waitForCount(page, '[data-lit="true"]', 0);
  await waitForCount(page, ".react-flow__edge.edge-lit", 0);
  await stepThrough(page, panel);

  // Help: the button and the "?" key open it; Escape closes it.
  await page.locator('[data-testid="help"]').click();
  const help = page.locator('[data-testid="help-dialog"]');
  await help.waitFor();
  assert.match(await help.innerText(), /Ctrl\+Shift\+Z/);
  await page.screenshot({ path: join(artifactsDir, "browser-help.png") });
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "detached" });
  await page.keyboard.press("?");
  await help.waitFor();
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "detached" });

  // A failed save says why; Back then asks before leaving, and retries the save.
  await page.evaluate(() => {
    window.__mock.failSaves = true;
  });
  await node(page, "entry_1").click();
  await page.locator('[data-testid="inspector"][data-node="entry_1"]').getByLabel("Label", { exact: true }).fill("Cart left");
  const failed = page.locator('[data-testid="save-state"][data-state="error"]');
  await failed.waitFor();
  assert.equal(await failed.innerText(), "Save failed: disk full");
  await page.locator('[data-testid="back"]').click();
  const leave = page.locator("dialog", { hasText: "Leave with unsaved changes?" });
  await leave.waitFor();
  await leave.getByRole("button", { name: "Cancel" }).click();
  await leave.waitFor({ state: "detached" });
  await page.evaluate(() => {
    window.__mock.failSaves = false;
  });

  // Back waits for the save and returns to the list, which now has the new journey.
  await page.locator('[data-testid="back"]').click();
  await waitForCount(page, '[data-testid="journey-row"]', 5);
  await page.locator('[data-testid="journey-row"][data-name="editor_demo"]').waitFor();
  const stored = (await mock(page)).saves.at(-1).versions.at(-1).nodes.find((n) => n.id === "entry_1");
  assert.equal(stored.label, "Cart left", "Back saved the last edit before leaving");
}

// Step-through on editor_demo (entry_1 → wait_1 → condition_1 → end_1): Start sends the
// event Run sends, then Step, To next timer, Advance to… and Run to end move the virtual
// clock, lighting the nodes reached so far; Stop leaves step mode. Real calls are opt-in.
async function stepThrough(page, panel) {
  const lit = () =>
    page.locator('[data-testid="canvas-node"][data-lit="true"]').evaluateAll((els) => els.map((e) => e.dataset.id).sort());
  const waitForLit = (ids) =>
    page.waitForFunction(
      (want) =>
        JSON.stringify([...document.querySelectorAll('[data-testid="canvas-node"][data-lit="true"]')].map((e) => e.dataset.id).sort()) ===
        JSON.stringify([...want].sort()),
      ids,
      { timeout: TIMEOUT },
    );
  const clock = panel.locator('[data-testid="step-clock"]');
  const nextAt = panel.locator('[data-testid="step-next-at"]');
  const button = (id) => panel.locator(`[data-testid="${id}"]`);
  const realCalls = button("real-calls");

  assert.equal(await realCalls.isChecked(), false, "fixtures by default");
  assert.equal((await mock(page)).runs[0].realCalls, false, "Run sends realCalls: false by default");
  await button("step-start").click();
  await clock.waitFor();
  assert.equal(await clock.innerText(), "2026-01-05T09:00:00Z");
  assert.equal(await nextAt.innerText(), "2026-01-05T09:00:00Z");
  await panel.locator('[data-testid="test-log-empty"]', { hasText: "Nothing has happened yet" }).waitFor();
  let m = await mock(page);
  assert.deepEqual(m.sessions, [{ journey: "editor_demo", realCalls: false }]);
  assert.deepEqual(m.sessionCalls[0], { cmd: "session_push_events", events: m.runs[0].events }, "the same line Run sends");
  assert.equal(await button("run-test").isDisabled(), true, "no Run while stepping");
  assert.equal(await realCalls.isDisabled(), true, "real calls are chosen before Start");
  assert.deepEqual(await lit(), []);

  // Nodes light one by one.
  await button("step-next").click();
  await waitForLit(["entry_1"]);
  await button("step-next").click();
  await waitForLit(["entry_1", "wait_1"]);
  await waitForCount(page, ".react-flow__edge.edge-lit", 2);
  assert.equal(await clock.innerText(), "2026-01-05T09:00:00Z");
  assert.ok((await panel.locator('[data-testid="test-log-row"]').count()) >= 3, "the log grows with each step");

  await button("step-timer").click();
  await panel.locator('[data-testid="step-clock"]', { hasText: "2026-01-05T10:00:00Z" }).waitFor();
  await waitForLit(["condition_1", "entry_1", "wait_1"]);
  await page.screenshot({ path: join(artifactsDir, "browser-step-through.png") });

  // Advance to…: a wrong time is refused in place, keeping what was typed; a right one moves the clock.
  const advanceTo = button("step-advance-to");
  const calls = (await mock(page)).sessionCalls.length;
  await advanceTo.fill("tomorrow");
  await button("step-advance").click();
  assert.match(await panel.locator('[data-testid="step-advance-error"]').innerText(), /ISO 8601/);
  await advanceTo.fill("2026-01-05T08:00");
  await advanceTo.press("Enter");
  await panel.locator('[data-testid="step-advance-error"]', { hasText: "cannot go back" }).waitFor();
  assert.equal(await advanceTo.inputValue(), "2026-01-05T08:00");
  assert.equal((await mock(page)).sessionCalls.length, calls, "nothing sent for a refused time");
  await advanceTo.fill("2026-01-05T12:00");
  await button("step-advance").click();
  await panel.locator('[data-testid="step-clock"]', { hasText: "2026-01-05T12:00:00Z" }).waitFor();
  assert.equal(await panel.locator('[data-testid="step-advance-error"]').count(), 0);
  assert.deepEqual((await mock(page)).sessionCalls.at(-1), { cmd: "session_advance", to: "2026-01-05T12:00:00Z" });

  // A failing call says why in place and keeps the inputs and the last view.
  await page.evaluate(() => (window.__mock.failSession = true));
  await button("step-next").click();
  await panel.locator('[data-testid="step-error"]', { hasText: "INTERNAL: mock: the session broke" }).waitFor();
  assert.equal(await advanceTo.inputValue(), "2026-01-05T12:00");
  assert.equal(await clock.innerText(), "2026-01-05T12:00:00Z");
  await waitForLit(["condition_1", "entry_1", "wait_1"]);
  await page.evaluate(() => (window.__mock.failSession = false));

  // Run to end: everything lit, nothing left, Step and To next timer off.
  await button("step-run").click();
  await nextAt.filter({ hasText: "nothing left" }).waitFor();
  assert.equal(await panel.locator('[data-testid="step-error"]').count(), 0, "the next call clears the error");
  await waitForLit(["condition_1", "end_1", "entry_1", "wait_1"]);
  await waitForCount(page, ".react-flow__edge.edge-lit", 3);
  assert.equal(await button("step-next").isDisabled(), true);
  assert.equal(await button("step-timer").isDisabled(), true);
  assert.equal(await button("step-run").isDisabled(), false);
  assert.deepEqual(
    (await mock(page)).sessionCalls.map((c) => c.cmd),
    ["session_push_events", "session_step", "session_step", "session_next_timer", "session_advance", "session_step", "session_run"],
  );

  // Stop leaves step mode, keeping the last result, and closes the app's session.
  const closedBefore = (await mock(page)).closedSessions;
  await button("step-stop").click();
  await button("step-start").waitFor();
  await page.waitForFunction((n) => window.__mock.closedSessions === n + 1, closedBefore);
  assert.equal(await clock.count(), 0);
  assert.equal(await button("run-test").isDisabled(), false);
  assert.ok((await panel.locator('[data-testid="test-log-row"]').count()) >= 8, "the last result stays listed");
  assert.deepEqual(await lit(), ["condition_1", "end_1", "entry_1", "wait_1"]);

  // Ticked, real calls go to both Start and Run.
  await realCalls.check();
  await button("step-start").click();
  await clock.waitFor();
  assert.deepEqual((await mock(page)).sessions.at(-1), { journey: "editor_demo", realCalls: true });
  await button("step-stop").click();
  await button("run-test").click();
  await page.waitForFunction(() => window.__mock.runs.length === 2);
  m = await mock(page);
  assert.equal(m.runs.at(-1).realCalls, true);
  assert.equal(m.sessions[0].realCalls, false);
  await realCalls.uncheck();
  await button("clear-test").click();
  await waitForCount(page, '[data-lit="true"]', 0);
}

// Duplicate (asks the new name) and delete (asks to confirm) from the journeys list.
async function manageJourneys(page) {
  await page.locator('[data-testid="journey-row"][data-name="editor_demo"] [data-testid="duplicate-journey"]').click();
  const duplicate = page.locator('[data-testid="duplicate-journey-dialog"]');
  assert.equal(await duplicate.getByLabel("Name of the copy").inputValue(), "editor_demo_copy");
  await duplicate.locator('[data-testid="confirm"]').click();
  await waitForCount(page, '[data-testid="journey-row"]', 6);
  await page.locator('[data-testid="journey-row"][data-name="editor_demo_copy"] [data-testid="delete-journey"]').click();
  await page.locator('dialog [data-testid="confirm"]', { hasText: "Delete" }).click();
  await waitForCount(page, '[data-testid="journey-row"]', 5);
  assert.equal(await page.locator('[data-testid="journey-row"][data-name="editor_demo_copy"]').count(), 0);
}

// Import and export go through the native dialogs Rust shows; the window passes the
// token it got back, never a path, and Rust reads and writes.
async function bundleFiles(page) {
  const setFile = (file) => page.evaluate((f) => (window.__mock.nextFile = f), file);
  await setFile(null);
  await page.locator('[data-testid="import-bundle"]').click();
  await page.waitForFunction(() => window.__mock.dialogs.length === 1);
  assert.deepEqual((await mock(page)).dialogs[0], { purpose: "open", kind: "bundle", title: "Import a bundle", defaultName: null });
  assert.equal((await mock(page)).files.length, 0, "a cancelled dialog imports nothing");

  await setFile({ token: "tok-shop", name: "shop.parcours.json" });
  await page.locator('[data-testid="import-bundle"]').click();
  const note = page.locator('[data-testid="file-note"]');
  await note.waitFor();
  assert.match(await note.innerText(), /Imported 3 journeys, 1 events, 0 data sources, 2 actions, 1 fixtures, 2 test profiles/);
  assert.deepEqual((await mock(page)).files, [
    { cmd: "preview_import_file", token: "tok-shop" },
    { cmd: "import_bundle_file", token: "tok-shop", allowOriginChange: false },
  ]);

  await setFile({ token: "tok-broken", name: "broken.json" });
  await page.locator('[data-testid="import-bundle"]').click();
  const banner = page.locator('[data-testid="error-banner"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /broken\.json: journeys\[0\]\.nodes/);
  assert.equal((await mock(page)).files.filter((f) => f.cmd === "import_bundle_file").length, 1, "a bundle that cannot be read is not imported");

  await setFile({ token: "tok-cart", name: "cart.parcours.json" });
  await page.locator('[data-testid="journey-row"][data-name="cart_recovery"] [data-testid="export-journey"]').click();
  await page.locator('[data-testid="file-note"]', { hasText: "Exported to cart.parcours.json" }).waitFor();
  const m = await mock(page);
  assert.deepEqual(m.files.at(-1), { cmd: "export_bundle_file", token: "tok-cart", journey: "cart_recovery" });
  assert.deepEqual(m.dialogs.at(-1), { purpose: "save", kind: "bundle", title: "Export cart_recovery", defaultName: "cart_recovery.parcours.json" });
  assert.ok(
    m.files.every((f) => !("path" in f)),
    "no file door is given a path",
  );
}

// What-if volumes label the edges; coverage dashes the edges nobody could take.
async function analyseJourney(page) {
  await page.locator('[data-testid="journey-row"][data-name="cart_recovery"] [data-testid="open-journey"]').click();
  await waitForCount(page, '[data-testid="canvas-node"]', 7);
  // The minimap can be hidden, and stays hidden in the next journey opened.
  await waitForCount(page, ".react-flow__minimap", 1);
  await page.locator('[data-testid="toggle-minimap"]').click();
  await waitForCount(page, ".react-flow__minimap", 0);
  assert.equal(await page.locator('[data-testid="toggle-minimap"]').getAttribute("aria-pressed"), "false");
  await page.locator('[data-testid="back"]').click();
  await page.locator('[data-testid="journey-row"][data-name="cart_recovery"] [data-testid="open-journey"]').click();
  await waitForCount(page, '[data-testid="canvas-node"]', 7);
  await waitForCount(page, ".react-flow__minimap", 0);
  await page.locator('[data-testid="toggle-minimap"]').click();
  await waitForCount(page, ".react-flow__minimap", 1);
  await page.locator('[data-testid="test-toggle"]').click();
  await page.locator('[data-testid="test-tab-whatIf"]').click();
  await page.locator('[data-testid="whatif-run"]').click();
  await page.locator('.react-flow__edge-text', { hasText: "7,000" }).waitFor();
  assert.equal((await mock(page)).whatIfs[0].people, 10000);
  const labels = await page.locator(".react-flow__edge-text").evaluateAll((els) => els.map((e) => e.textContent));
  assert.ok(labels.some((l) => /3,000/.test(l)), `volumes on edges: ${labels}`);
  await page.locator('[data-testid="test-tab-coverage"]').click();
  await page.locator('[data-testid="coverage-run"]').click();
  await waitForCount(page, ".react-flow__edge.edge-never", 1);
  await page.locator(".react-flow__edge.edge-never[data-id*=\"remind:error\"]").waitFor();
  await page.screenshot({ path: join(artifactsDir, "browser-analysis-on-canvas.png") });
  await page.locator('[data-testid="test-tab-event"]').click();
  await page.locator('[data-testid="clear-test"]').click();
  await waitForCount(page, ".react-flow__edge.edge-never", 0);
  assert.equal(await page.locator(".react-flow__edge-text").count(), 0);
  await page.locator('[data-testid="back"]').click();
  await page.locator('[data-testid="journey-row"]').first().waitFor();
}

// Each configuration list opens its screen, and Close comes back to the home.
async function openConfigurations(page) {
  await page.locator('[data-testid="manage-config"][data-kind="action"]').click();
  await page.locator('[data-testid="config-screen"][data-kind="action"]').waitFor();
  await page.locator('[data-testid="config-close"]').click();
  await page.locator('[data-testid="journey-row"]').first().waitFor();
  assert.equal(await page.locator('[data-testid="config-screen"]').count(), 0);
}

async function run(page, baseUrl) {
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(TIMEOUT);

  await page.goto(baseUrl);
  await waitForCount(page, '[data-testid="journey-row"]', 4);
  const names = await page.locator('[data-testid="journey-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.name));
  assert.deepEqual(names, expectedNames);
  assert.equal(await page.locator('[data-testid="error-banner"]').count(), 0);
  await page.screenshot({ path: join(artifactsDir, "browser-home.png"), fullPage: true });

  // Open the canvas through the accessible name button.
  await page
    .locator('[data-testid="journey-row"][data-name="cart_recovery"]')
    .getByRole("button", { name: "cart_recovery", exact: true })
    .click();
  await page.locator('[data-testid="back"]').waitFor();
  assert.match(await page.locator(".canvas-title").innerText(), /cart_recovery/);
  await waitForCount(page, '[data-testid="canvas-node"]', 7);
  await waitForCount(page, ".react-flow__edge", 6);

  // The diagnostic on `remind` shows as a badge on that node and as one problem item.
  const remind = page.locator('[data-testid="canvas-node"][data-id="remind"]');
  const badge = remind.locator('[data-testid="node-problems"]');
  await badge.waitFor();
  assert.equal((await badge.innerText()).trim(), "1");
  assert.match((await badge.getAttribute("title")) ?? "", /E_OPEN_PORT/);
  assert.equal(await page.locator('[data-testid="node-problems"]').count(), 1);
  await waitForCount(page, '[data-testid="problem"]', 1);
  assert.equal(await remind.locator(".react-flow__handle-bottom").count(), 2, "remind has success + error ports");
  assert.equal(
    await page.locator('[data-testid="canvas-node"][data-id="start"] .react-flow__handle-top').count(),
    0,
    "entry has no target handle",
  );
  await page.screenshot({ path: join(artifactsDir, "browser-canvas.png") });

  // Clicking the problem selects the node.
  await page.locator('[data-testid="problem"]').click();
  await page.locator('.react-flow__node.selected[data-id="remind"]').waitFor();

  // Auto-layout moves nodes and keeps all of them.
  const wrapper = page.locator('.react-flow__node[data-id="remind"]');
  const before = await wrapper.evaluate((el) => el.style.transform);
  await page.locator('[data-testid="auto-layout"]').click();
  await page.waitForFunction(
    (t) => document.querySelector('.react-flow__node[data-id="remind"]')?.style.transform !== t,
    before,
    { timeout: TIMEOUT },
  );
  await waitForCount(page, '[data-testid="canvas-node"]', 7);
  await waitForCount(page, ".react-flow__edge", 6);

  // Back to the list.
  await page.locator('[data-testid="back"]').click();
  await waitForCount(page, '[data-testid="journey-row"]', 4);
  assert.equal(await page.locator('[data-testid="canvas-node"]').count(), 0);

  await editJourney(page);
  await manageJourneys(page);
  await bundleFiles(page);
  await openConfigurations(page);
  await analyseJourney(page);
  await paletteAddsStayInView(page, baseUrl);

  assert.deepEqual(pageErrors, [], "no uncaught page errors");
}

// Clicking the palette again and again puts each new activity at the nearest free spot
// in view (and the view follows one that has no room), so every one is seen as it is
// added (from the fourth on, they landed below the view).
async function paletteAddsStayInView(page, baseUrl) {
  await page.goto(baseUrl);
  await page.locator('[data-testid="new-journey"]').click();
  const dialog = page.locator('[data-testid="new-journey-dialog"]');
  await dialog.getByLabel("Name").fill("palette_demo");
  await dialog.locator('[data-testid="confirm"]').click();
  await page.locator(".canvas-title", { hasText: "palette_demo" }).waitFor();
  const pane = await page.locator(".react-flow__pane").boundingBox();
  for (let i = 1; i <= 9; i++) {
    await page.locator('[data-testid="palette-item"][data-kind="end"]').click();
    const added = node(page, `end_${i}`);
    await added.waitFor();
    await until(async () => {
      const box = await added.boundingBox();
      return box !== null && box.y >= pane.y && box.y + box.height <= pane.y + pane.height && box.x >= pane.x && box.x + box.width <= pane.x + pane.width;
    }, `end_${i} is in view when added`);
  }
}

// A large journey zoomed out is drawn on one canvas (the far view) instead of DOM nodes;
// a click on it selects the activity under the pointer, the overview map moves the view,
// and zooming back in brings the nodes back.
async function largeCanvas(page, baseUrl) {
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(baseUrl);
  await page.locator('[data-testid="journey-row"][data-name="large"] [data-testid="open-journey"]').click();
  await page.locator('[data-testid="canvas-node"]').first().waitFor();
  // It opens on its entry, at the top of the pane and centred.
  const pane = await page.locator(".react-flow").boundingBox();
  const entry = await page.locator('[data-testid="canvas-node"][data-id="start"]').boundingBox();
  assert.ok(entry, "the entry is drawn");
  assert.ok(entry.y >= pane.y && entry.y < pane.y + 100, `entry near the top: ${entry.y} in ${pane.y}`);
  assert.ok(Math.abs(entry.x + entry.width / 2 - (pane.x + pane.width / 2)) < 2, "entry centred");
  await waitForCount(page, '[data-testid="overview-map"]', 1);
  assert.equal(await page.locator(".react-flow__minimap").count(), 0, "a large journey has the light overview map");
  assert.equal(await page.locator('[data-testid="far-view"]').count(), 0, "readable zoom: DOM nodes");

  await page.locator(".react-flow__controls-fitview").click();
  await page.locator('[data-testid="far-view"]').waitFor();
  await waitForCount(page, '[data-testid="canvas-node"]', 0);
  await waitForCount(page, ".react-flow__edge", 0);
  await page.screenshot({ path: join(artifactsDir, "browser-large-far-view.png") });

  // Where activity w155 is on screen, from the viewport transform.
  const spot = await page.evaluate(() => {
    const m = /translate\((-?[\d.]+)px, (-?[\d.]+)px\) scale\(([\d.]+)\)/.exec(
      document.querySelector(".react-flow__viewport").style.transform,
    );
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    const [x, y, k] = m.slice(1).map(Number);
    // w155: column 5, row 15; boxes are 200 × 80.
    return { x: pane.left + x + k * (5 * 260 + 100), y: pane.top + y + k * (15 * 160 + 40), k };
  });
  assert.ok(spot.k < 0.45, `fit view is far out (zoom ${spot.k})`);
  await page.mouse.click(spot.x, spot.y);
  await page.locator('[data-testid="inspector"][data-node="w155"]').waitFor();
  await waitForCount(page, '[data-testid="far-view-selected"]', 1);
  // A second click keeps it selected (React Flow clears the selection on a pane click).
  await page.mouse.click(spot.x, spot.y);
  await page.evaluate(() => new Promise((r) => window.requestAnimationFrame(() => window.requestAnimationFrame(r))));
  await page.locator('[data-testid="inspector"][data-node="w155"]').waitFor();
  assert.equal(await page.locator('[data-testid="far-view-selected"]').count(), 1);
  // Ctrl-click adds the next activity (column 6) to the selection.
  await page.keyboard.down("Control");
  await page.mouse.click(spot.x + spot.k * 260, spot.y);
  await page.keyboard.up("Control");
  await waitForCount(page, '[data-testid="far-view-selected"]', 2);

  // The overview map moves the view: a click at its top brings the start into view.
  const before = await page.locator(".react-flow__viewport").evaluate((el) => el.style.transform);
  const map = await page.locator('[data-testid="overview-map"]').boundingBox();
  await page.mouse.click(map.x + map.width / 2, map.y + 8);
  await page.waitForFunction(
    (t) => document.querySelector(".react-flow__viewport").style.transform !== t,
    before,
    { timeout: TIMEOUT },
  );

  // Zooming back in past the threshold brings the DOM nodes back, w155 still selected.
  for (let i = 0; i < 12 && (await page.locator('[data-testid="far-view"]').count()) > 0; i++) {
    await page.locator(".react-flow__controls-zoomin").click();
  }
  await waitForCount(page, '[data-testid="far-view"]', 0);
  await page.locator('[data-testid="canvas-node"]').first().waitFor();

  // An edge's wide click target is not painted, yet still takes the click: a point 5 px
  // beside the middle of an edge on screen, clear of every node.
  const edgePoint = await page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane").getBoundingClientRect();
    const nodes = [...document.querySelectorAll(".react-flow__node")].map((n) => n.getBoundingClientRect());
    for (const path of document.querySelectorAll(".react-flow__edge .react-flow__edge-interaction")) {
      const p = path.getPointAtLength(path.getTotalLength() / 2);
      const m = path.getScreenCTM();
      const x = m.a * p.x + m.c * p.y + m.e + 5;
      const y = m.b * p.x + m.d * p.y + m.f;
      const inPane = x > pane.left + 20 && x < pane.right - 20 && y > pane.top + 20 && y < pane.bottom - 20;
      const onNode = nodes.some((r) => x >= r.left - 4 && x <= r.right + 4 && y >= r.top - 4 && y <= r.bottom + 4);
      if (inPane && !onNode) return { x, y, id: path.closest(".react-flow__edge").dataset.id };
    }
    return null;
  });
  assert.ok(edgePoint, "an edge is on screen");
  await page.mouse.click(edgePoint.x, edgePoint.y);
  await page.locator(`.react-flow__edge.selected[data-id="${edgePoint.id}"]`).waitFor();
  assert.deepEqual(pageErrors, [], "no uncaught page errors");
}

async function main() {
  readFileSync(join(distDir, "index.html")); // fails early when `npm run build` has not run
  let server;
  let browser;
  try {
    server = await serveDir(distDir);
    browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
    await browser.context.addInitScript(installMockTauri, fixtures);
    const { page } = browser;
    try {
      await run(page, server.url);
    } catch (e) {
      // What the page looked like when it failed, for whoever reads the CI log.
      await page.screenshot({ path: join(artifactsDir, "browser-failure.png") }).catch(() => {});
      throw e;
    }
    const largeBrowser = await launchChromium({ viewport: { width: 1280, height: 800 } });
    try {
      await largeBrowser.context.addInitScript(installMockTauri, largeFixtures);
      await largeCanvas(largeBrowser.page, server.url).catch(async (e) => {
        await largeBrowser.page.screenshot({ path: join(artifactsDir, "browser-failure.png") }).catch(() => {});
        throw e;
      });
    } finally {
      await largeBrowser.close();
    }
    console.log("browser test passed");
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
