// A duration as a number and a unit, stored as seconds.
import { useId, useState } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import { splitDuration, unitSeconds, UNITS, type Unit } from "../duration";
import { FieldErrors, invalidProps } from "./FieldErrors";
import { NumberInput } from "./NumberInput";

export function DurationInput({
  label,
  seconds,
  onChange,
  diagnostics,
  path,
}: {
  label: string;
  seconds: number;
  onChange: (seconds: number) => void;
  diagnostics: Diagnostic[];
  path: string;
}) {
  const split = splitDuration(seconds);
  // The unit the user picked wins over the inferred one while it still divides the value.
  const [chosen, setChosen] = useState<Unit>(split.unit);
  const unit = seconds % unitSeconds(chosen) === 0 ? chosen : split.unit;
  const amount = seconds / unitSeconds(unit);
  const amountId = useId();
  const unitId = useId();
  const errorsId = useId();

  return (
    <div className="field" data-testid="duration" data-path={path}>
      <label htmlFor={amountId}>{label}</label>
      <div className="field-row">
        <NumberInput
          id={amountId}
          value={amount}
          onCommit={(n) => onChange(n * unitSeconds(unit))}
          {...invalidProps(errorsId, diagnostics, path)}
        />
        <label htmlFor={unitId} className="visually-hidden">
          {label} unit
        </label>
        <select
          id={unitId}
          value={unit}
          onChange={(e) => {
            const next = e.target.value as Unit;
            setChosen(next);
            onChange(amount * unitSeconds(next));
          }}
        >
          {UNITS.map((u) => (
            <option key={u.name} value={u.name}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}
