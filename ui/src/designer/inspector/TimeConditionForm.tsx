// Time condition: paths by day of week and time of day, in the journey's time zone; a
// window ending before it starts crosses midnight; optional `other` port.
import { useId } from "react";

import type { TimePath } from "../../bindings/TimePath";
import type { Weekday } from "../../bindings/Weekday";
import { newPortName } from "../activities";
import { FieldErrors, invalidProps } from "./FieldErrors";
import { OtherCheckbox } from "./OtherCheckbox";
import { PortInput } from "./PortInput";
import type { FormProps } from "./types";

const WEEK: readonly [Weekday, string][] = [
  ["mon", "Mon"],
  ["tue", "Tue"],
  ["wed", "Wed"],
  ["thu", "Thu"],
  ["fri", "Fri"],
  ["sat", "Sat"],
  ["sun", "Sun"],
];

export function TimeConditionForm({ nodeId, activity, diagnostics, update }: FormProps<"timeCondition">) {
  const idBase = useId();
  const setPath = (i: number, change: Partial<TimePath>, field: string) =>
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
            <fieldset className="choice days">
              <legend>Path {i + 1} days (none = every day)</legend>
              {WEEK.map(([day, label]) => (
                <label key={day} className="checkbox">
                  <input
                    type="checkbox"
                    checked={p.days.includes(day)}
                    onChange={(e) =>
                      setPath(
                        i,
                        { days: e.target.checked ? WEEK.map(([d]) => d).filter((d) => d === day || p.days.includes(d)) : p.days.filter((d) => d !== day) },
                        "days",
                      )
                    }
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            <div className="field-row">
              {(["from", "to"] as const).map((end) => {
                const id = `${idBase}-${i}-${end}`;
                const path = `activity.paths[${i}].${end}`;
                return (
                  <div className="field" key={end}>
                    <label htmlFor={id}>
                      Path {i + 1} {end}
                    </label>
                    <input
                      id={id}
                      type="time"
                      value={p[end]}
                      onChange={(e) => setPath(i, { [end]: e.target.value }, end)}
                      {...invalidProps(`${id}-errors`, diagnostics, path)}
                    />
                    <FieldErrors id={`${id}-errors`} diagnostics={diagnostics} path={path} />
                  </div>
                );
              })}
            </div>
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
          update(
            {
              ...activity,
              paths: [...activity.paths, { port: newPortName(activity.paths.map((p) => p.port)), days: [], from: "09:00", to: "18:00" }],
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
