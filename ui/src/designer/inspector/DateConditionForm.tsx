// Date condition: paths by date window (after / before, in UTC); the first window that
// contains the current date wins; optional `other` port.
import { useId } from "react";

import type { DatePath } from "../../bindings/DatePath";
import { newPortName } from "../activities";
import { fromUtcInput, toUtcInput } from "../utcInput";
import { FieldErrors, invalidProps } from "./FieldErrors";
import { OtherCheckbox } from "./OtherCheckbox";
import { PortInput } from "./PortInput";
import type { FormProps } from "./types";

function withBound(path: DatePath, bound: "after" | "before", value: string | undefined): DatePath {
  const next: DatePath = { ...path };
  if (value === undefined) delete next[bound];
  else next[bound] = value;
  return next;
}

export function DateConditionForm({ nodeId, activity, diagnostics, update }: FormProps<"dateCondition">) {
  const idBase = useId();
  const setPath = (i: number, next: DatePath, field: string) =>
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
            {(["after", "before"] as const).map((bound) => {
              const id = `${idBase}-${i}-${bound}`;
              const path = `activity.paths[${i}].${bound}`;
              return (
                <div className="field" key={bound}>
                  <label htmlFor={id}>
                    Path {i + 1} {bound} (UTC)
                  </label>
                  <input
                    id={id}
                    type="datetime-local"
                    value={toUtcInput(p[bound])}
                    onChange={(e) => setPath(i, withBound(p, bound, fromUtcInput(e.target.value)), bound)}
                    {...invalidProps(`${id}-errors`, diagnostics, path)}
                  />
                  <FieldErrors id={`${id}-errors`} diagnostics={diagnostics} path={path} />
                </div>
              );
            })}
            <FieldErrors id={`${idBase}-${i}-errors`} diagnostics={diagnostics} path={`activity.paths[${i}]`} />
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
          update({ ...activity, paths: [...activity.paths, { port: newPortName(activity.paths.map((p) => p.port)) }] }, "paths")
        }
      >
        Add path
      </button>
      <OtherCheckbox checked={activity.other} onChange={(other) => update({ ...activity, other }, "other")} />
    </>
  );
}
