// The ordered paths of the three conditions (condition, date and time condition): each
// path's port, what it tests (`fields`, the one part that differs), its own errors and
// a remove button; then "Add path" and the optional `other` port. One editor, so that
// the three keep the same labels, update fields and undo steps.
import type { ReactNode } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import { newPortName } from "../activities";
import { FieldErrors } from "./FieldErrors";
import { OtherCheckbox } from "./OtherCheckbox";
import { PortInput } from "./PortInput";

export function PathList<P extends { port: string }, A extends { paths: P[]; other: boolean }>({
  nodeId,
  activity,
  diagnostics,
  update,
  rowIdBase,
  newPath,
  fields,
}: {
  nodeId: string;
  activity: A;
  diagnostics: Diagnostic[];
  /** As FormProps' `update`: replaces the activity, `field` names what changed. */
  update: (activity: A, field: string) => void;
  /** Path `i`'s own errors get the id `${rowIdBase}-${i}-errors`. */
  rowIdBase: string;
  /** A new path on the free port `port`. */
  newPath: (port: string) => P;
  /** What path `i` tests, after its port; `set` replaces the path, `field` names what changed in it. */
  fields: (path: P, i: number, set: (next: P, field: string) => void) => ReactNode;
}) {
  const setPath = (i: number, next: P, field: string) =>
    update({ ...activity, paths: activity.paths.map((p, k) => (k === i ? next : p)) }, `paths[${i}].${field}`);

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
              onChange={(port) => setPath(i, { ...p, port }, "port")}
            />
            {fields(p, i, (next, field) => setPath(i, next, field))}
            <FieldErrors id={`${rowIdBase}-${i}-errors`} diagnostics={diagnostics} path={`activity.paths[${i}]`} />
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
        onClick={() => update({ ...activity, paths: [...activity.paths, newPath(newPortName(activity.paths.map((p) => p.port)))] }, "paths")}
      >
        Add path
      </button>
      <OtherCheckbox checked={activity.other} onChange={(other) => update({ ...activity, other }, "other")} />
    </>
  );
}
