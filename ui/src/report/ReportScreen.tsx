// A journey's live report from one of its runners: totals, entries over time, errors by
// status and discards by reason over time (uPlot), the per-activity funnel, for a chosen
// period and version; CSV export of the same figures. An unreachable runner keeps the
// last figures on screen and says so.
import { useCallback, useEffect, useId, useState } from "react";

import { toApiError, type ApiError } from "../api";
import type { JourneyReport } from "../bindings/JourneyReport";
import { ErrorBanner } from "../ErrorBanner";
import { exportReportCsv, liveReport, PERIODS, periodFrom } from "./api";
import { Chart } from "./Chart";
import { Pick } from "./Pick";
import { funnel, refreshedLabel, reportVersions, series } from "./model";

type Shown = { report: JourneyReport; at: Date };

export function ReportScreen({
  journey,
  runners,
  order = [],
  onClose,
}: {
  journey: string;
  /** The runners the journey is published to. */
  runners: string[];
  /** Activity ids in the canvas's order, for the funnel. */
  order?: string[];
  onClose: () => void;
}) {
  const id = useId();
  const [picked, setRunner] = useState<string | null>(null);
  const runner = picked ?? runners[0] ?? "";
  const [periodIndex, setPeriodIndex] = useState(1);
  const [version, setVersion] = useState<number | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const period = PERIODS[periodIndex];

  // Asks for the figures; state changes only when the answer comes (so the effect below
  // sets no state of its own).
  const fetchFigures = useCallback(() => {
    if (!runner) return;
    liveReport(runner, journey, periodFrom(period, new Date()), period.bucket).then(
      (report) => {
        setShown({ report, at: new Date() });
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        setError(toApiError(e));
        setLoading(false);
      },
    );
  }, [runner, journey, period]);

  const load = () => {
    setLoading(true);
    fetchFigures();
  };

  // A new runner or period keeps the figures on screen until the new ones arrive.
  useEffect(() => {
    fetchFigures();
    const timer = window.setInterval(fetchFigures, 30_000);
    return () => window.clearInterval(timer);
  }, [fetchFigures]);

  const exportCsv = () => {
    setNote(null);
    exportReportCsv(runner, journey, periodFrom(period, new Date()), period.bucket).then(
      (path) => path && setNote(`Exported to ${path}`),
      (e: unknown) => setError(toApiError(e)),
    );
  };

  if (runners.length === 0) {
    return (
      <section className="panel report-screen" aria-label={`Report of ${journey}`} data-testid="report-screen">
        <Header journey={journey} onClose={onClose} />
        <p className="muted" data-testid="report-no-runner">
          {journey} is not published to a runner yet: publish it to one to see its live figures here.
        </p>
      </section>
    );
  }

  const report = shown?.report ?? null;
  const versions = report ? reportVersions(report) : [];
  const empty = report !== null && report.totals.entered === 0 && report.series.length === 0;
  const totals = report
    ? version === null
      ? report.totals
      : (report.versions.find((v) => v.version === version)?.totals ?? report.totals)
    : null;
  const steps = report && versions.length > 0 ? funnel(report, version ?? versions[0], order) : [];

  return (
    <section className="panel report-screen" aria-label={`Report of ${journey}`} data-testid="report-screen">
      <Header journey={journey} onClose={onClose} />
      <div className="report-controls">
        <Pick id={`${id}-runner`} label="Runner" value={runner} options={runners} onChange={setRunner} />
        <label htmlFor={`${id}-period`}>Period</label>
        <select id={`${id}-period`} value={periodIndex} onChange={(e) => setPeriodIndex(Number(e.target.value))}>
          {PERIODS.map((p, i) => (
            <option key={p.label} value={i}>
              {p.label}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-version`}>Version</label>
        <select
          id={`${id}-version`}
          value={version ?? ""}
          onChange={(e) => setVersion(e.target.value === "" ? null : Number(e.target.value))}
        >
          <option value="">All versions</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={load} disabled={loading}>
          {loading ? "Refreshing…" : "Refresh"}
        </button>
        <button type="button" className="button" onClick={exportCsv} disabled={!report}>
          Export CSV
        </button>
        {shown && (
          <span className="muted" data-testid="report-refreshed">
            {refreshedLabel(shown.at)}
          </span>
        )}
      </div>
      {note && <p className="hint">{note}</p>}
      {error &&
        (report && error.code === "UNREACHABLE" ? (
          <p className="warning-banner" role="status" data-testid="report-stale">
            {error.message}. Showing the figures of {shown!.at.toLocaleTimeString()}.
          </p>
        ) : (
          <ErrorBanner error={error} onRetry={load} testId="report-error" />
        ))}
      {!report && !error && <p className="loading">Loading the report…</p>}
      {empty && (
        <p className="muted" data-testid="report-empty">
          No events for {journey} on {runner} in this period.
        </p>
      )}
      {report && totals && !empty && (
        <>
          <dl className="report-totals" data-testid="report-totals">
            <Figure label="Entered" value={totals.entered} />
            <Figure label="Waiting now" value={totals.waitingNow} />
            <Figure label="Finished" value={totals.finished} />
            <Figure label="Exited early" value={totals.exitedEarly} />
            <Figure label="Errors" value={totals.errors} />
          </dl>
          <div className="report-charts">
            <Chart title="Entries" data={series(report, "entries", version)} testId="chart-entries" />
            <Chart title="Errors by status" data={series(report, "errors", version)} testId="chart-errors" />
            <Chart title="Discards by reason" data={series(report, "discards", version)} testId="chart-discards" />
          </div>
          <table className="report-funnel" data-testid="report-funnel">
            <caption>Activities of v{version ?? versions[0]}</caption>
            <thead>
              <tr>
                <th scope="col">Activity</th>
                <th scope="col">Entered</th>
                <th scope="col">
                  <span className="visually-hidden">Share</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.label}</th>
                  <td>{s.entered.toLocaleString()}</td>
                  <td>
                    <span className="report-bar" style={{ width: `${Math.round(s.share * 100)}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Header({ journey, onClose }: { journey: string; onClose: () => void }) {
  return (
    <header className="panel-header">
      <h2>Report: {journey}</h2>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </header>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value.toLocaleString()}</dd>
    </div>
  );
}
