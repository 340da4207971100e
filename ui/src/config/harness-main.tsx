// Dev-only entry (config-harness.html) that renders ConfigScreen alone, so the browser
// test (e2e/config.test.mjs) can drive the forms without going through App.tsx.
// `?kind=events|actions|dataSources` picks the screen. Not part of the app build.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";

import "../styles.css";
import type { ConfigKind } from "../model";
import { ConfigScreen } from "./ConfigScreen";

/** The harness's `?kind=` words for each screen. */
const KINDS: Record<string, ConfigKind> = { events: "event", actions: "action", dataSources: "dataSource" };

function Harness() {
  const asked = new URLSearchParams(window.location.search).get("kind");
  const kind = KINDS[asked ?? ""] ?? "event";
  const [closed, setClosed] = useState(false);
  if (closed) {
    return (
      <p className="empty" data-testid="harness-closed">
        Closed.{" "}
        <button type="button" className="button" onClick={() => setClosed(false)}>
          Reopen
        </button>
      </p>
    );
  }
  return (
    <main className="app-main">
      <ConfigScreen kind={kind} onClose={() => setClosed(true)} />
    </main>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("#root element missing from config-harness.html");

createRoot(root).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
