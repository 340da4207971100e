// The canvas's Live view: the chosen runner's figures for one version of the journey,
// drawn on the canvas as entries per activity and people per edge, refreshed every few
// seconds while the panel is open. The time of the last refresh is shown; an
// unreachable runner is said so and the last figures stay. Closing it gives the canvas
// back to the simulation (test runs, what-if).
import { useCallback, useEffect, useId, useState } from "react";

import { journeyRunners, toApiError, type ApiError } from "../api";
import type { JourneyReport } from "../bindings/JourneyReport";
import { useDesignerStore } from "../designer/DesignerContext";
import { NO_ANALYSIS } from "../designer/store";
import { liveReport } from "./api";
import { Pick } from "./Pick";
import { canvasFigures, defaultLiveVersion, refreshedLabel, reportVersions } from "./model";

/** How often the figures are read again while the panel is open. */
export const LIVE_REFRESH_MS = 5_000;

type Shown = { report: JourneyReport; at: Date };

export function LivePanel({ id, journey, onClose }: { id: string; journey: string; onClose: () => void }) {
  const store = useDesignerStore();
  const headingId = useId();
  const [runners, setRunners] = useState<string[] | null>(null);
  const [runner, setRunner] = useState("");
  const [version, setVersion] = useState<number | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    journeyRunners(journey).then(
      (list) => {
        if (cancelled) return;
        setRunners(list);
        setRunner(list[0] ?? "");
      },
      (e: unknown) => {
        if (cancelled) return;
        setRunners([]);
        setError(toApiError(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [journey]);

  const fetchFigures = useCallback(() => {
    if (!runner) return;
    liveReport(runner, journey, null, null).then(
      (report) => {
        setShown({ report, at: new Date() });
        setError(null);
      },
      (e: unknown) => setError(toApiError(e)),
    );
  }, [runner, journey]);

  useEffect(() => {
    fetchFigures();
    const timer = window.setInterval(fetchFigures, LIVE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [fetchFigures]);

  const report = shown?.report ?? null;
  const shownVersion = version ?? (report ? defaultLiveVersion(report) : null);

  // The canvas draws what the panel shows; closing the panel clears it.
  useEffect(() => {
    if (!report || shownVersion === null) return;
    const { counts, volumes } = canvasFigures(report, shownVersion);
    store.getState().setHighlight({ counts, nodes: new Set(), edges: new Set() });
    store.getState().setAnalysis({ ...NO_ANALYSIS, volumes });
  }, [report, shownVersion, store]);
  useEffect(
    () => () => {
      store.getState().setHighlight(null);
      store.getState().setAnalysis(NO_ANALYSIS);
    },
    [store],
  );

  const versions = report ? reportVersions(report) : [];
  const totals = report?.versions.find((v) => v.version === shownVersion)?.totals;
  return (
    <section id={id} className="test-panel live-panel" data-testid="live-panel" aria-labelledby={headingId}>
      <header className="panel-header">
        <h3 id={headingId}>Live</h3>
        <button type="button" className="button" onClick={onClose}>
          Back to simulation
        </button>
      </header>
      {runners !== null && runners.length === 0 && !error && (
        <p className="muted" data-testid="live-no-runner">
          {journey} is not published to a runner yet: publish it to one to see its live figures.
        </p>
      )}
      {runners !== null && runners.length > 0 && (
        <div className="report-controls">
          <Pick id={`${id}-runner`} label="Runner" value={runner} options={runners} onChange={setRunner} />
          <Pick
            id={`${id}-version`}
            label="Version"
            value={shownVersion ?? ""}
            options={versions}
            onChange={(v) => setVersion(Number(v))}
            text={(v) => `v${v}`}
            disabled={versions.length === 0}
          />
          {shown && (
            <span className="muted" data-testid="live-refreshed">
              {refreshedLabel(shown.at)}
            </span>
          )}
        </div>
      )}
      {error && (
        <p className={shown ? "warning-banner" : "error-banner"} role="status" data-testid="live-error">
          {error.message}
          {shown && `. Showing the figures of ${shown.at.toLocaleTimeString()}.`}
        </p>
      )}
      {report && shownVersion !== null && <ActivityTable report={report} version={shownVersion} />}
      {totals && (
        <p data-testid="live-totals">
          v{shownVersion}: {totals.entered.toLocaleString()} entered, {totals.waitingNow.toLocaleString()} waiting now,{" "}
          {totals.finished.toLocaleString()} finished, {totals.errors.toLocaleString()} errors.
        </p>
      )}
    </section>
  );
}

/** Each activity's live figures: entered, waiting now, exits by port, errors. */
function ActivityTable({ report, version }: { report: JourneyReport; version: number }) {
  const activities = report.versions.find((v) => v.version === version)?.activities ?? [];
  if (activities.length === 0) return null;
  return (
    <table className="report-funnel" data-testid="live-activities">
      <caption className="visually-hidden">Activities of v{version}</caption>
      <thead>
        <tr>
          <th scope="col">Activity</th>
          <th scope="col">Entered</th>
          <th scope="col">Waiting now</th>
          <th scope="col">Left by</th>
          <th scope="col">Errors</th>
        </tr>
      </thead>
      <tbody>
        {activities.map((a) => (
          <tr key={a.id} data-testid="live-activity" data-id={a.id}>
            <th scope="row">{a.label || a.id}</th>
            <td>{a.entered.toLocaleString()}</td>
            <td>{a.waitingNow.toLocaleString()}</td>
            <td>
              {Object.entries(a.exited)
                .map(([port, n]) => `${port} ${n.toLocaleString()}`)
                .join(", ")}
            </td>
            <td title={Object.entries(a.failedCalls).map(([s, n]) => `${s}: ${n}`).join(", ")}>
              {(a.errors + a.timeouts).toLocaleString()}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
