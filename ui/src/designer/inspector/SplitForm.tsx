// Split: percentage branches. The total is shown to help; Rust decides whether it is
// right (E_SPLIT_WEIGHTS).
import { useId } from "react";

import { newPortName } from "../activities";
import { FieldErrors, invalidProps } from "./FieldErrors";
import { NumberInput } from "./NumberInput";
import { PortInput } from "./PortInput";
import type { FormProps } from "./types";

export function SplitForm({ nodeId, activity, diagnostics, update }: FormProps<"split">) {
  const idBase = useId();
  const total = activity.branches.reduce((sum, b) => sum + b.weight, 0);
  const setBranch = (i: number, change: Partial<(typeof activity.branches)[number]>, field: string) =>
    update(
      { ...activity, branches: activity.branches.map((b, k) => (k === i ? { ...b, ...change } : b)) },
      `branches[${i}].${field}`,
    );

  return (
    <>
      <FieldErrors id={`${nodeId}-branches-errors`} diagnostics={diagnostics} path="activity.branches" />
      <ol className="rows">
        {activity.branches.map((b, i) => {
          const weightId = `${idBase}-w${i}`;
          const weightPath = `activity.branches[${i}].weight`;
          return (
            <li key={i} className="row-card" aria-label={`Branch ${i + 1}`}>
              <PortInput
                label={`Branch ${i + 1} port`}
                value={b.port}
                diagnostics={diagnostics}
                path={`activity.branches[${i}].port`}
                onChange={(port) => setBranch(i, { port }, "port")}
              />
              <div className="field">
                <label htmlFor={weightId}>Branch {i + 1} weight (%)</label>
                <NumberInput
                  id={weightId}
                  value={b.weight}
                  onCommit={(weight) => setBranch(i, { weight }, "weight")}
                  {...invalidProps(`${weightId}-errors`, diagnostics, weightPath)}
                />
                <FieldErrors id={`${weightId}-errors`} diagnostics={diagnostics} path={weightPath} />
              </div>
              <FieldErrors id={`${nodeId}-branches-${i}-errors`} diagnostics={diagnostics} path={`activity.branches[${i}]`} />
              <button
                type="button"
                className="button button-small"
                onClick={() => update({ ...activity, branches: activity.branches.filter((_, k) => k !== i) }, "branches")}
              >
                Remove branch {i + 1}
              </button>
            </li>
          );
        })}
      </ol>
      <p className="hint">Total: {total} %</p>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          update(
            { ...activity, branches: [...activity.branches, { port: newPortName(activity.branches.map((b) => b.port), "branch"), weight: 0 }] },
            "branches",
          )
        }
      >
        Add branch
      </button>
    </>
  );
}
