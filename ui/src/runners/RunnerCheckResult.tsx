// What "Test connection" found for one runner: busy while Rust asks the runner, then
// "Connected — ..." or the problems, each a sentence Rust wrote for people.
import type { ApiError } from "../api";
import type { RunnerCheck } from "../bindings/RunnerCheck";
import { checkSummary } from "./model";

export type CheckState = { status: "busy" } | { status: "done"; check: RunnerCheck } | { status: "error"; error: ApiError };

export function RunnerCheckResult({ runner, state }: { runner: string; state: CheckState }) {
  if (state.status === "busy") {
    return (
      <p className="runner-check runner-check-busy" role="status" data-testid="runner-check" data-state="busy">
        Testing the connection to {runner}…
      </p>
    );
  }
  if (state.status === "error") {
    return (
      <p className="runner-check runner-check-problems" role="status" data-testid="runner-check" data-state="error">
        Could not test {runner}: <strong className="error-code">{state.error.code}</strong> {state.error.message}
      </p>
    );
  }
  const summary = checkSummary(state.check);
  if (summary.ok) {
    return (
      <p className="runner-check runner-check-ok" role="status" data-testid="runner-check" data-state="ok">
        {summary.text}
      </p>
    );
  }
  return (
    <div className="runner-check runner-check-problems" role="status" data-testid="runner-check" data-state="problems">
      <p>{runner} is not ready:</p>
      <ul>
        {summary.problems.map((p, i) => (
          <li key={i} data-testid="runner-problem">
            {p}
          </li>
        ))}
      </ul>
    </div>
  );
}
