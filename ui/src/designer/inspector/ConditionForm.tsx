// Condition: ordered paths (port + CEL expression), the first true one wins; optional
// `other` port.
import { newPortName } from "../activities";
import { FieldErrors } from "./FieldErrors";
import { ExpressionInput } from "./ExpressionInput";
import { OtherCheckbox } from "./OtherCheckbox";
import { PortInput } from "./PortInput";
import type { FormProps } from "./types";
import { useExpressionPaths } from "./useExpressionPaths";

export function ConditionForm({ nodeId, activity, diagnostics, update }: FormProps<"condition">) {
  const groups = useExpressionPaths();
  const setPath = (i: number, change: Partial<(typeof activity.paths)[number]>, field: string) =>
    update({ ...activity, paths: activity.paths.map((p, k) => (k === i ? { ...p, ...change } : p)) }, `paths[${i}].${field}`);

  return (
    <>
      <FieldErrors id={`${nodeId}-paths-errors`} diagnostics={diagnostics} path="activity.paths" />
      <ol className="rows">
        {activity.paths.map((p, i) => (
          <li key={i} className="row-card" aria-label={`Path ${i + 1}`}>
            <PortInput
              label={`Path ${i + 1} port`}
              value={p.port}
              diagnostics={diagnostics}
              path={`activity.paths[${i}].port`}
              onChange={(port) => setPath(i, { port }, "port")}
            />
            <ExpressionInput
              label={`Path ${i + 1} expression`}
              value={p.expression}
              groups={groups}
              diagnostics={diagnostics}
              path={`activity.paths[${i}].expression`}
              placeholder="event.cart.total > 100.0"
              onChange={(expression) => setPath(i, { expression }, "expression")}
            />
            <FieldErrors id={`${nodeId}-paths-${i}-errors`} diagnostics={diagnostics} path={`activity.paths[${i}]`} />
            <button
              type="button"
              className="button button-small"
              onClick={() => update({ ...activity, paths: activity.paths.filter((_, k) => k !== i) }, "paths")}
            >
              Remove path {i + 1}
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          update(
            {
              ...activity,
              paths: [...activity.paths, { port: newPortName(activity.paths.map((p) => p.port)), expression: "" }],
            },
            "paths",
          )
        }
      >
        Add path
      </button>
      <OtherCheckbox checked={activity.other} onChange={(other) => update({ ...activity, other }, "other")} />
    </>
  );
}
