// The journey's optional start and end dates (UTC): people enter only between them.
import { useId } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import type { Properties } from "../../bindings/Properties";
import { FieldErrors, invalidProps } from "../inspector/FieldErrors";
import { fromUtcInput, toUtcInput } from "../utcInput";

function withBound(properties: Properties, bound: "start" | "end", value: string | undefined): Properties {
  const next: Properties = { ...properties };
  if (value === undefined) delete next[bound];
  else next[bound] = value;
  return next;
}

export function DateWindowFields({
  properties,
  onChange,
  diagnostics,
}: {
  properties: Properties;
  onChange: (properties: Properties, field: string) => void;
  diagnostics: Diagnostic[];
}) {
  const idBase = useId();
  return (
    <>
      {(["start", "end"] as const).map((bound) => {
        const id = `${idBase}-${bound}`;
        const path = `properties.${bound}`;
        return (
          <div className="field" key={bound}>
            <label htmlFor={id}>{bound === "start" ? "Start (UTC, optional)" : "End (UTC, optional)"}</label>
            <input
              id={id}
              type="datetime-local"
              data-testid={`journey-${bound}`}
              value={toUtcInput(properties[bound])}
              onChange={(e) => onChange(withBound(properties, bound, fromUtcInput(e.target.value)), bound)}
              {...invalidProps(`${id}-errors`, diagnostics, path)}
            />
            <FieldErrors id={`${id}-errors`} diagnostics={diagnostics} path={path} />
          </div>
        );
      })}
    </>
  );
}
