// Wait: a fixed duration, or until the timestamp an expression gives.
import type { WaitSpec } from "../../bindings/WaitSpec";
import { DurationInput } from "./DurationInput";
import { ExpressionInput } from "./ExpressionInput";
import type { FormProps } from "./types";
import { useExpressionPaths } from "./useExpressionPaths";

const HOUR = 3_600;

export function WaitForm({ nodeId, activity, diagnostics, update }: FormProps<"wait">) {
  const groups = useExpressionPaths();
  const { wait } = activity;
  const setWait = (next: WaitSpec, field: string) => update({ ...activity, wait: next }, field);

  return (
    <>
      <fieldset className="choice">
        <legend>Wait</legend>
        <label className="checkbox">
          <input
            type="radio"
            name={`${nodeId}-wait-kind`}
            checked={wait.kind === "duration"}
            onChange={() => setWait({ kind: "duration", seconds: HOUR }, "wait.kind")}
          />
          for a duration
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name={`${nodeId}-wait-kind`}
            checked={wait.kind === "until"}
            onChange={() => setWait({ kind: "until", expression: "" }, "wait.kind")}
          />
          until a date and time
        </label>
      </fieldset>
      {wait.kind === "duration" ? (
        <DurationInput
          label="Duration"
          seconds={wait.seconds}
          diagnostics={diagnostics}
          path="activity.wait.seconds"
          onChange={(seconds) => setWait({ kind: "duration", seconds }, "wait.seconds")}
        />
      ) : (
        <ExpressionInput
          label="Until (timestamp expression)"
          value={wait.expression}
          groups={groups}
          diagnostics={diagnostics}
          path="activity.wait.expression"
          placeholder="event.abandonedAt + duration('24h')"
          onChange={(expression) => setWait({ kind: "until", expression }, "wait.expression")}
        />
      )}
    </>
  );
}
