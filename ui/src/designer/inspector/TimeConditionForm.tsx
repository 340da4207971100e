// Time condition: paths by day of week and time of day, in the journey's time zone; a
// window ending before it starts crosses midnight; optional `other` port.
import { useId } from "react";

import type { TimePath } from "../../bindings/TimePath";
import type { Weekday } from "../../bindings/Weekday";
import { FieldErrors, invalidProps } from "./FieldErrors";
import { PathList } from "./PathList";
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

export function TimeConditionForm(props: FormProps<"timeCondition">) {
  const idBase = useId();

  return (
    <PathList
      {...props}
      rowIdBase={idBase}
      newPath={(port): TimePath => ({ port, days: [], from: "09:00", to: "18:00" })}
      fields={(p, i, set) => (
        <>
          <fieldset className="choice days">
            <legend>Path {i + 1} days (none = every day)</legend>
            {WEEK.map(([day, label]) => (
              <label key={day} className="checkbox">
                <input
                  type="checkbox"
                  checked={p.days.includes(day)}
                  onChange={(e) =>
                    set(
                      {
                        ...p,
                        days: e.target.checked ? WEEK.map(([d]) => d).filter((d) => d === day || p.days.includes(d)) : p.days.filter((d) => d !== day),
                      },
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
                    onChange={(e) => set({ ...p, [end]: e.target.value }, end)}
                    {...invalidProps(`${id}-errors`, props.diagnostics, path)}
                  />
                  <FieldErrors id={`${id}-errors`} diagnostics={props.diagnostics} path={path} />
                </div>
              );
            })}
          </div>
        </>
      )}
    />
  );
}
