// What-if: runs N generated people (seeded) through the saved journey in the simulator,
// with a progress bar fed by the `what-if-progress` events of the run, then shows the
// journey's totals and hands the report to the canvas (onReport) for branch volumes.
import { useEffect, useId, useRef, useState } from "react";

import { toApiError, type ApiError } from "../../api";
import type { Report } from "../../bindings/Report";
import type { SimulationResult } from "../../bindings/SimulationResult";
import "./analysis.css";
import { ApiErrorAlert } from "../../config/FormChrome";
import { onWhatIfProgress, whatIf } from "./api";
import { edgeVolumeList, formatCount, formatShare, journeyTotals } from "./volumes";
import { DEFAULT_PEOPLE, DEFAULT_SEED, parsePeople, parseSeed, progressPercent, type Progress } from "./whatIf";

type RunState =
  | { kind: "idle" }
  | { kind: "running"; progress: Progress }
  | { kind: "failed"; error: ApiError }
  | { kind: "blocked"; message: string }
  | { kind: "done"; result: SimulationResult; seed: number };

export type WhatIfPanelProps = {
  /** The journey's name: the run uses its saved latest version. */
  journey: string;
  /** Gets the run's report, for branch volumes on the canvas (see edgeVolumeLabels). */
  onReport: (report: Report) => void;
  /**
   * Optional: called before a run, e.g. to save pending edits (the run reads the saved
   * journey). Resolving to false stops the run with a message.
   */
  beforeRun?: () => Promise<boolean>;
};

export function WhatIfPanel({ journey, onReport, beforeRun }: WhatIfPanelProps) {
  const [peopleText, setPeopleText] = useState(formatCount(DEFAULT_PEOPLE));
  const [seedText, setSeedText] = useState(String(DEFAULT_SEED));
  const [problems, setProblems] = useState<{ people?: string; seed?: string }>({});
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  // The subscription to progress events of the current run, stopped when it ends or
  // when the panel goes away; `live` is false once unmounted.
  const stopProgress = useRef<(() => void) | null>(null);
  const live = useRef(true);
  const headingId = useId();
  const hintId = useId();
  const peopleId = useId();
  const seedId = useId();

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      stopProgress.current?.();
      stopProgress.current = null;
    };
  }, []);

  const start = async () => {
    if (run.kind === "running") return;
    const people = parsePeople(peopleText);
    const seed = parseSeed(seedText);
    setProblems({ people: people.ok ? undefined : people.message, seed: seed.ok ? undefined : seed.message });
    if (!people.ok || !seed.ok) return;
    setRun({ kind: "running", progress: { done: 0, total: people.value } });
    if (beforeRun && !(await beforeRun())) {
      if (live.current) setRun({ kind: "blocked", message: "The journey could not be saved, and a what-if run uses the saved journey." });
      return;
    }
    let stop: (() => void) | null = null;
    try {
      stop = await onWhatIfProgress((progress) =>
        setRun((r) => (r.kind === "running" ? { kind: "running", progress: { done: Math.max(r.progress.done, progress.done), total: progress.total || r.progress.total } } : r)),
      );
    } catch {
      // No progress events (outside the app window): the run goes on without the bar moving.
    }
    if (!live.current) {
      stop?.();
      return;
    }
    stopProgress.current = stop;
    try {
      const result = await whatIf(journey, people.value, seed.value);
      if (!live.current) return;
      setRun({ kind: "done", result, seed: seed.value });
      onReport(result.report);
    } catch (e) {
      if (live.current) setRun({ kind: "failed", error: toApiError(e) });
    } finally {
      stop?.();
      if (stopProgress.current === stop) stopProgress.current = null;
    }
  };

  const running = run.kind === "running";
  return (
    <section className="an-panel" aria-labelledby={headingId} data-testid="whatif-panel">
      <h3 id={headingId}>What if</h3>
      <p className="an-hint" id={hintId} data-testid="whatif-hint">
        Runs generated people through the saved version of <code>{journey}</code>: save the journey first. No real system is
        called. The same seed gives the same run.
      </p>
      <form
        className="an-form"
        noValidate
        aria-describedby={hintId}
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <NumberInput
          id={peopleId}
          label="Number of people"
          hint="1 to 1,000,000"
          value={peopleText}
          problem={problems.people}
          testId="whatif-people"
          disabled={running}
          onChange={(text) => {
            setPeopleText(text);
            setProblems((p) => ({ ...p, people: undefined }));
          }}
        />
        <NumberInput
          id={seedId}
          label="Seed"
          hint="Any whole number from 0"
          value={seedText}
          problem={problems.seed}
          testId="whatif-seed"
          disabled={running}
          onChange={(text) => {
            setSeedText(text);
            setProblems((p) => ({ ...p, seed: undefined }));
          }}
        />
        <div className="an-actions">
          <button type="submit" className="button button-primary" disabled={running} aria-busy={running} data-testid="whatif-run">
            {running ? "Running…" : "Run"}
          </button>
        </div>
      </form>
      {running && <ProgressBar progress={run.progress} />}
      <div aria-live="polite">
        {run.kind === "failed" && <ApiErrorAlert testId="whatif-error" prefix="What-if run failed" error={run.error} />}
        {run.kind === "blocked" && (
          <p className="cfg-alert" role="alert" data-testid="whatif-error">
            {run.message}
          </p>
        )}
        {run.kind === "done" && <Totals result={run.result} seed={run.seed} journey={journey} />}
      </div>
    </section>
  );
}

function NumberInput({
  id,
  label,
  hint,
  value,
  problem,
  testId,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  problem: string | undefined;
  testId: string;
  disabled: boolean;
  onChange: (text: string) => void;
}) {
  return (
    <div className="field an-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="an-number"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        data-testid={testId}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ""}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="an-hint" id={`${id}-hint`}>
        {hint}
      </span>
      {problem && (
        <span className="field-error field-error-error" id={`${id}-problem`} data-testid={`${testId}-problem`}>
          {problem}
        </span>
      )}
    </div>
  );
}

function ProgressBar({ progress }: { progress: Progress }) {
  const percent = progressPercent(progress);
  const text = `${formatCount(progress.done)} of ${formatCount(progress.total)} people`;
  return (
    <div className="an-progress-row">
      <div
        className="an-progress"
        role="progressbar"
        aria-label="What-if progress"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
        aria-valuetext={`${text} (${percent}%)`}
        data-testid="whatif-progress"
      >
        <div className="an-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="an-progress-text">
        {text} · {percent}%
      </span>
    </div>
  );
}

function Totals({ result, seed, journey }: { result: SimulationResult; seed: number; journey: string }) {
  const totals = journeyTotals(result.report, journey);
  const discarded = Object.entries(result.report.discarded).filter(([, n]) => n > 0);
  const volumes = edgeVolumeList(result.report, journey);
  const rows: [string, number, string][] = [
    ["Finished", totals.finished, "finished"],
    ["Jumped to another journey", totals.jumped, "jumped"],
    ["Exited early", totals.exitedEarly, "exitedEarly"],
    ["Errors", totals.errors, "errors"],
    ["Still inside", totals.stillInside, "stillInside"],
  ];
  return (
    <div className="an-result" data-testid="whatif-totals">
      <p className="an-summary">
        {formatCount(result.people)} people simulated (seed {seed}) · {formatCount(result.report.events)} events processed
      </p>
      <dl className="an-totals">
        <div data-total="entered">
          <dt>Entered</dt>
          <dd>{formatCount(totals.entered)}</dd>
        </div>
        {rows.map(([label, n, key]) => (
          <div key={key} data-total={key}>
            <dt>{label}</dt>
            <dd>
              {formatCount(n)} <span className="an-share">{formatShare(n, totals.entered)}</span>
            </dd>
          </div>
        ))}
      </dl>
      <h4>Discarded events</h4>
      {discarded.length === 0 ? (
        <p className="an-hint" data-testid="whatif-discarded-none">
          None.
        </p>
      ) : (
        <ul className="an-discarded" data-testid="whatif-discarded">
          {discarded.map(([reason, n]) => (
            <li key={reason} data-reason={reason}>
              <code>{reason}</code>: {formatCount(n)}
            </li>
          ))}
        </ul>
      )}
      {volumes.length > 0 && (
        <details className="an-details">
          <summary>Branch volumes ({volumes.length})</summary>
          <table className="an-table" data-testid="whatif-volumes">
            <caption className="an-hint">People who left each activity by each of its outputs; shares are of the people who entered it.</caption>
            <thead>
              <tr>
                <th scope="col">Activity</th>
                <th scope="col">Output</th>
                <th scope="col">People</th>
              </tr>
            </thead>
            <tbody>
              {volumes.map((v) => (
                <tr key={v.key} data-edge={v.key}>
                  <td>
                    <code>{v.node}</code>
                  </td>
                  <td>
                    <code>{v.port}</code>
                  </td>
                  <td>{v.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
