// The settings of a variable parameter (type, label, optional, null allowed), shared by
// header / query rows and payload rows.
import type { FieldKind } from "../bindings/FieldKind";
import { FIELD_KINDS, kindLabel } from "./fieldKinds";
import type { ControlProps } from "./Messages";
import type { Mode, VariableSpec } from "./payloadParams";
import { Options } from "./RowParts";

export function ModeSelect({
  value,
  label,
  testId,
  control,
  onChange,
}: {
  value: Mode;
  label: string;
  testId: string;
  /** Wires the select to the messages of its row, when it stands for the row. */
  control?: ControlProps;
  onChange: (mode: Mode) => void;
}) {
  return (
    <select
      {...control}
      className="cfg-input"
      aria-label={`${label}: constant or variable`}
      value={value}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value as Mode)}
    >
      <option value="constant">constant</option>
      <option value="variable">variable</option>
    </select>
  );
}

export function VariableInputs({
  value,
  label,
  testPrefix,
  onChange,
}: {
  value: VariableSpec;
  label: string;
  testPrefix: string;
  onChange: (value: VariableSpec) => void;
}) {
  return (
    <>
      <select
        className="cfg-input"
        aria-label={`Type of ${label}`}
        value={value.type}
        data-testid={`${testPrefix}-type`}
        onChange={(e) => onChange({ ...value, type: e.target.value as FieldKind })}
      >
        <Options values={FIELD_KINDS} label={kindLabel} />
      </select>
      <input
        className="cfg-input"
        aria-label={`Label of ${label} for business users`}
        placeholder="label for business users"
        value={value.label}
        data-testid={`${testPrefix}-label`}
        onChange={(e) => onChange({ ...value, label: e.target.value })}
      />
      <label className="cfg-checkbox">
        <input
          type="checkbox"
          checked={value.optional}
          aria-label={`${label} is optional`}
          data-testid={`${testPrefix}-optional`}
          onChange={(e) => onChange({ ...value, optional: e.target.checked })}
        />
        optional
      </label>
      <label className="cfg-checkbox">
        <input
          type="checkbox"
          checked={value.nullable}
          aria-label={`${label} allows null`}
          data-testid={`${testPrefix}-nullable`}
          onChange={(e) => onChange({ ...value, nullable: e.target.checked })}
        />
        null allowed
      </label>
    </>
  );
}
