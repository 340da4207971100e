// Dev-only entry (analysis-harness.html) that renders the what-if and coverage panels
// alone, so the browser test (e2e/analysis.test.mjs) can drive them without the app.
// `?journey=NAME` picks the journey (default `welcome`); `?save=fail` makes `beforeRun`
// report a failed save. What the panels hand to the canvas is kept on
// `window.__analysis` and drawn by a stand-in of the canvas as edge labels.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";

import type { Report } from "../../bindings/Report";
import "../../styles.css";
import { CoveragePanel } from "./CoveragePanel";
import { edgeVolumeLabels } from "./volumes";
import { WhatIfPanel } from "./WhatIfPanel";

type Received = { reports: Report[]; uncovered: string[][][] };

declare global {
  interface Window {
    __analysis: Received;
  }
}

window.__analysis = { reports: [], uncovered: [] };

function Harness() {
  const params = new URLSearchParams(window.location.search);
  const journey = params.get("journey") ?? "welcome";
  const beforeRun = params.get("save") === "fail" ? () => Promise.resolve(false) : undefined;
  const [mounted, setMounted] = useState(true);
  const [report, setReport] = useState<Report | null>(null);
  const [uncovered, setUncovered] = useState<ReadonlySet<string>>(new Set());

  const labels = report ? [...edgeVolumeLabels(report, journey)] : [];
  return (
    <main className="app-main" style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "1.5rem", padding: "1rem" }}>
      <div style={{ display: "flex", flexDirection: "column", gap: "1.5rem" }}>
        <button type="button" className="button" style={{ alignSelf: "flex-start" }} data-testid="harness-toggle" onClick={() => setMounted((m) => !m)}>
          {mounted ? "Unmount the panels" : "Mount the panels"}
        </button>
        {mounted && (
          <>
            <WhatIfPanel
              journey={journey}
              beforeRun={beforeRun}
              onReport={(r) => {
                window.__analysis.reports.push(r);
                setReport(r);
              }}
            />
            <CoveragePanel
              journey={journey}
              beforeRun={beforeRun}
              onUncovered={(paths, neverTaken) => {
                window.__analysis.uncovered.push(paths);
                setUncovered(neverTaken);
              }}
            />
          </>
        )}
      </div>
      <section aria-label="Canvas stand-in" data-testid="harness-canvas">
        <h3>Canvas stand-in</h3>
        <h4>Branch volumes</h4>
        <ul>
          {labels.map(([key, label]) => (
            <li key={key} data-testid="harness-edge" data-edge={key}>
              <code>{key}</code>: {label}
            </li>
          ))}
        </ul>
        <h4>Never-taken edges</h4>
        <ul>
          {[...uncovered].map((key) => (
            <li key={key} data-testid="harness-uncovered-edge" data-edge={key}>
              <code>{key}</code>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("#root element missing from analysis-harness.html");

createRoot(root).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
