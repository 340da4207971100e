// Browser test of the built UI (run `npm run build` first): serves ui/dist with a
// tiny static server, drives the system Chromium through playwright-core and
// answers Tauri IPC from fixtures built out of ../examples/*.parcours.json.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
const uiDir = resolve(here, "..");
const distDir = join(uiDir, "dist");
const examplesDir = resolve(uiDir, "../examples");
const artifactsDir = resolve(uiDir, "../tests/artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TIMEOUT = 15_000;

// ---------- fixtures ----------
const journeys = {};
for (const file of readdirSync(examplesDir).filter((f) => f.endsWith(".parcours.json")).sort()) {
  const bundle = JSON.parse(readFileSync(join(examplesDir, file), "utf8"));
  for (const j of bundle.journeys ?? []) journeys[j.name] = j;
}
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
};

// Runs in the page before any of its scripts.
function installMockTauri(data) {
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
      switch (cmd) {
        case "overview":
          return structuredClone(data.overview);
        case "get_journey": {
          const j = data.journeys[args?.name];
          if (!j) throw { code: "NOT_FOUND", message: `journey '${args?.name}' not found` };
          return structuredClone(j);
        }
        case "validate_journey":
          if (!data.journeys[args?.name]) throw { code: "NOT_FOUND", message: `journey '${args?.name}' not found` };
          return structuredClone(data.diagnostics[args.name] ?? []);
        default:
          throw { code: "INTERNAL", message: `mock: unknown command ${cmd}` };
      }
    },
  };
}

// ---------- static server ----------
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

function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, "");
    const file = resolve(distDir, rel === "" ? "index.html" : rel);
    if (file !== distDir && !file.startsWith(distDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(server));
  });
}

// Polls until `selector` matches exactly `n` elements.
async function waitForCount(page, selector, n) {
  await page.waitForFunction(([s, c]) => document.querySelectorAll(s).length === c, [selector, n], {
    timeout: TIMEOUT,
  });
  assert.equal(await page.locator(selector).count(), n, `${selector} count`);
}

// ---------- test ----------
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

  assert.deepEqual(pageErrors, [], "no uncaught page errors");
}

async function main() {
  readFileSync(join(distDir, "index.html")); // fails early when `npm run build` has not run
  mkdirSync(artifactsDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "parcours-chromium-"));
  let server;
  let context;
  try {
    server = await startServer();
    const { port } = server.address();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    await context.addInitScript(installMockTauri, fixtures);
    const page = context.pages()[0] ?? (await context.newPage());
    await run(page, `http://127.0.0.1:${port}/`);
    console.log("browser test passed");
  } finally {
    await context?.close().catch(() => {});
    await new Promise((ok) => (server ? server.close(() => ok()) : ok()));
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
