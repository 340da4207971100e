// Path coverage: which paths of the saved journey generated test people take. Lists
// every path (steps joined with →): covered ones with the example scenario of a person
// who took it, uncovered ones with why nobody did, highlighted. Hands the uncovered
// paths' steps and the never-taken edges to the canvas (onUncovered).
import { useEffect, useId, useRef, useState } from "react";

import { toApiError, type ApiError } from "../../api";
import type { Coverage } from "../../bindings/Coverage";
import type { PathCoverage } from "../../bindings/PathCoverage";
import "./analysis.css";
import { ApiErrorAlert } from "../../config/FormChrome";
import { pathCoverage } from "./api";
import { describePath, uncoveredEdges, uncoveredPaths } from "./coverage";
import { formatCount, formatShare } from "./volumes";

type RunState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "failed"; error: ApiError }
  | { kind: "blocked"; message: string }
  | { kind: "done"; coverage: Coverage };

export type CoveragePanelProps = {
  /** The journey's name: coverage uses its saved latest version. */
  journey: string;
  /**
   * After each run: the steps of each uncovered path (`node[port]`, the last a bare node
   * id), and the edges (`${nodeId}:${port}`) found in uncovered paths only, i.e.
   * uncoveredEdges(coverage): the ones to mark never taken.
   */
  onUncovered: (paths: string[][], neverTaken: Set<string>) => void;
  /** Optional: called before a run, e.g. to save pending edits; false stops the run. */
  beforeRun?: () => Promise<boolean>;
};

export function CoveragePanel({ journey, onUncovered, beforeRun }: CoveragePanelProps) {
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const live = useRef(true);
  const headingId = useId();
  const hintId = useId();

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const start = async () => {
    if (run.kind === "running") return;
    setRun({ kind: "running" });
    if (beforeRun && !(await beforeRun())) {
      if (live.current) setRun({ kind: "blocked", message: "The journey could not be saved, and coverage uses the saved journey." });
      return;
    }
    try {
      const coverage = await pathCoverage(journey);
      if (!live.current) return;
      setRun({ kind: "done", coverage });
      onUncovered(uncoveredPaths(coverage), uncoveredEdges(coverage));
    } catch (e) {
      if (live.current) setRun({ kind: "failed", error: toApiError(e) });
    }
  };

  const running = run.kind === "running";
  return (
    <section className="an-panel" aria-labelledby={headingId} data-testid="coverage-panel">
      <h3 id={headingId}>Path coverage</h3>
      <p className="an-hint" id={hintId} data-testid="coverage-hint">
        Lists every path through the saved version of <code>{journey}</code> and whether generated test people take it: save
        the journey first. No real system is called.
      </p>
      <div className="an-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={running}
          aria-busy={running}
          aria-describedby={hintId}
          data-testid="coverage-run"
          onClick={() => void start()}
        >
          {running ? "Running…" : "Run coverage"}
        </button>
      </div>
      <div aria-live="polite">
        {run.kind === "failed" && <ApiErrorAlert testId="coverage-error" prefix="Coverage failed" error={run.error} />}
        {run.kind === "blocked" && (
          <p className="cfg-alert" role="alert" data-testid="coverage-error">
            {run.message}
          </p>
        )}
        {run.kind === "done" && <Summary coverage={run.coverage} />}
      </div>
      {run.kind === "done" && <PathList paths={run.coverage.paths} />}
    </section>
  );
}

function Summary({ coverage }: { coverage: Coverage }) {
  const total = coverage.paths.length;
  return (
    <div className="an-summary" data-testid="coverage-summary" data-covered={coverage.covered} data-total={total}>
      <p>
        <strong>
          Covered {formatCount(coverage.covered)} of {formatCount(total)} {total === 1 ? "path" : "paths"}
        </strong>{" "}
        ({formatShare(coverage.covered, total)}) with {formatCount(coverage.people)} test {coverage.people === 1 ? "person" : "people"}.
      </p>
      {coverage.truncated && (
        <p className="an-note" data-testid="coverage-truncated">
          Truncated: the journey has more paths than were listed, so only the first {formatCount(total)} are shown.
        </p>
      )}
    </div>
  );
}

function PathList({ paths }: { paths: readonly PathCoverage[] }) {
  if (paths.length === 0) {
    return (
      <p className="an-hint" data-testid="coverage-empty">
        The journey has no paths yet.
      </p>
    );
  }
  return (
    <ol className="an-paths" aria-label="Paths">
      {paths.map((path, i) => (
        <PathItem key={i} path={path} index={i} />
      ))}
    </ol>
  );
}

function PathItem({ path, index }: { path: PathCoverage; index: number }) {
  const stepsId = useId();
  return (
    <li
      className={path.covered ? "an-path" : "an-path an-path-uncovered"}
      data-testid="coverage-path"
      data-covered={String(path.covered)}
      data-index={index}
      aria-labelledby={stepsId}
    >
      <p className="an-path-head">
        <span className={path.covered ? "an-badge an-badge-ok" : "an-badge an-badge-missed"}>{path.covered ? "✓ Covered" : "✗ Not covered"}</span>
        <code className="an-steps" id={stepsId} data-testid="coverage-steps">
          {describePath(path.steps)}
        </code>
      </p>
      {!path.covered && (
        <p className="an-reason" data-testid="coverage-reason">
          {path.reason ?? "No test person took this path."}
        </p>
      )}
      {path.covered && path.example && (
        <details className="an-details" data-testid="coverage-example">
          <summary>
            Example scenario: event at <code>{path.example.at}</code>
            {path.example.reactions.length > 0 && <>, then {path.example.reactions.join(", ")}</>}
            {path.example.failures.length > 0 && <>, failing {path.example.failures.join(", ")}</>}
          </summary>
          <pre className="an-json" tabIndex={0} aria-label="Example scenario (JSON)">
            {JSON.stringify(path.example, null, 2)}
          </pre>
        </details>
      )}
    </li>
  );
}
