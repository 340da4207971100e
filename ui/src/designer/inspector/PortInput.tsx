// The name of one output port of a branching activity (a path or a branch).
import { useId } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import { FieldErrors, invalidProps } from "./FieldErrors";

export function PortInput({
  label,
  value,
  onChange,
  diagnostics,
  path,
}: {
  label: string;
  value: string;
  onChange: (port: string) => void;
  diagnostics: Diagnostic[];
  path: string;
}) {
  const id = useId();
  const errorsId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        {...invalidProps(errorsId, diagnostics, path)}
      />
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}
