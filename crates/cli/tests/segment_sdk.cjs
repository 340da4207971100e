// Segment's own Node SDK (@segment/analytics-node, from ui/node_modules) pointed at the
// runner by its host and an `ingest` token as write key: the compatibility the runner
// promises, checked with the real client rather than our idea of it.
//
// Usage: node segment_sdk.cjs HOST WRITE_KEY < calls.json
// calls.json: a list of {"call": "track" | "identify" | "page", "message": {...}}.
// Prints each HTTP status the SDK got; exits 1 if the SDK reported an error.
const { createRequire } = require("node:module");
const fs = require("node:fs");
const path = require("node:path");

const ui = path.join(__dirname, "..", "..", "..", "ui", "package.json");
const { Analytics } = createRequire(ui)("@segment/analytics-node");

const [host, writeKey] = process.argv.slice(2);
const calls = JSON.parse(fs.readFileSync(0, "utf8"));
const analytics = new Analytics({ writeKey, host, maxEventsInBatch: 100, flushInterval: 50 });
const errors = [];
analytics.on("error", (e) => errors.push(JSON.stringify(e, Object.getOwnPropertyNames(e))));
analytics.on("http_request", (r) => console.log(`${r.method} ${r.url}`));
for (const { call, message } of calls) analytics[call](message);
analytics.closeAndFlush({ timeout: 10000 }).then(() => {
  if (errors.length) {
    console.error(errors.join("\n"));
    process.exit(1);
  }
});
