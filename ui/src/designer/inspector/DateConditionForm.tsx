// Date condition: paths by date window (after / before, in UTC); the first window that
// contains the current date wins; optional `other` port.
import { useId } from "react";

import type { DatePath } from "../../bindings/DatePath";
import { fromUtcInput, toUtcInput } from "../utcInput";
import { FieldErrors, invalidProps } from "./FieldErrors";
import { PathList } from "./PathList";
import type { FormProps } from "./types";

function withBound(path: DatePath, bound: "after" | "before", value: string | undefined): DatePath {
  const next: DatePath = { ...path };
  if (value === undefined) delete next[bound];
  else next[bound] = value;
  return next;
}

export function DateConditionForm(props: FormProps<"dateCondition">) {
  const idBase = useId();

  return (
    <PathList
      {...props}
      rowIdBase={idBase}
      newPath={(port): DatePath => ({ port })}
      fields={(p, i, set) =>
        (["after", "before"] as const).map((bound) => {
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
                onChange={(e) => set(withBound(p, bound, fromUtcInput(e.target.value)), bound)}
                {...invalidProps(`${id}-errors`, props.diagnostics, path)}
              />
              <FieldErrors id={`${id}-errors`} diagnostics={props.diagnostics} path={path} />
            </div>
          );
        })
      }
    />
  );
}
