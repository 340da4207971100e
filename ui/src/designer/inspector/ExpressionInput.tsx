// A CEL expression field of the inspector: its label, the expression editor (suggestions
// of fields and functions, field and function pickers) and Rust's diagnostics for it.
// The functions come from the journey's help unless given.
import { useId } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import type { FunctionHelp } from "../../bindings/FunctionHelp";
import { useFunctions } from "../useJourneyHelp";
import { ExpressionEditor } from "./ExpressionEditor";
import { FieldErrors, invalidProps } from "./FieldErrors";
import type { PathGroup } from "./useExpressionPaths";

export function ExpressionInput({
  label,
  value,
  onChange,
  groups,
  functions,
  diagnostics,
  path,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  groups: PathGroup[];
  /** The functions to offer; the open journey's (from Rust) when not given. */
  functions?: readonly FunctionHelp[];
  diagnostics: Diagnostic[];
  path: string;
  placeholder?: string;
}) {
  const inputId = useId();
  const errorsId = useId();
  const known = useFunctions();

  return (
    <div className="field expression-field">
      <label htmlFor={inputId}>{label}</label>
      <ExpressionEditor
        control={{ id: inputId, ...invalidProps(errorsId, diagnostics, path) }}
        label={label}
        value={value}
        onChange={onChange}
        groups={groups}
        functions={functions ?? known}
        placeholder={placeholder}
        path={path}
      />
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}
