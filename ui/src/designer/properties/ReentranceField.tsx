// Whether a person may enter the journey again: never, always, or once a wait has passed
// since their previous entry.
import { useId } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import type { Reentrance } from "../../bindings/Reentrance";
import { DurationInput } from "../inspector/DurationInput";
import { FieldErrors } from "../inspector/FieldErrors";
import { reentranceOf } from "./settingsEdits";

const MODES: { mode: Reentrance["mode"]; label: string }[] = [
  { mode: "never", label: "Never" },
  { mode: "always", label: "Always" },
  { mode: "afterWait", label: "After a wait" },
];

export function ReentranceField({
  value,
  onChange,
  diagnostics,
}: {
  value: Reentrance;
  onChange: (value: Reentrance, field: string) => void;
  diagnostics: Diagnostic[];
}) {
  const name = useId();
  return (
    <fieldset className="choice" data-testid="reentrance">
      <legend>Re-entrance</legend>
      <div className="choice-row" role="radiogroup" aria-label="Re-entrance">
        {MODES.map((m) => (
          <label key={m.mode} className="checkbox">
            <input
              type="radio"
              name={name}
              value={m.mode}
              checked={value.mode === m.mode}
              onChange={() => onChange(reentranceOf(m.mode, value), "reentrance.mode")}
            />
            {m.label}
          </label>
        ))}
      </div>
      {value.mode === "afterWait" && (
        <DurationInput
          label="Wait before re-entry"
          seconds={value.seconds}
          diagnostics={diagnostics}
          path="properties.reentrance.seconds"
          onChange={(seconds) => onChange({ mode: "afterWait", seconds }, "reentrance.seconds")}
        />
      )}
      <FieldErrors id={`${name}-errors`} diagnostics={diagnostics} path="properties.reentrance" />
    </fieldset>
  );
}
