// Rust's diagnostics for one field, under that field. The input points at this list
// with aria-describedby so screen readers read the problem with the field.
import type { Diagnostic } from "../../bindings/Diagnostic";
import { atPath } from "../diagnostics";

export function FieldErrors({ id, diagnostics, path }: { id: string; diagnostics: Diagnostic[]; path: string }) {
  return <DiagnosticList id={id} diagnostics={atPath(diagnostics, path)} path={path} />;
}

/** A list of diagnostics as the inspector shows them; nothing when there are none. */
export function DiagnosticList({
  diagnostics,
  id,
  path,
  label,
}: {
  diagnostics: Diagnostic[];
  id?: string;
  path?: string;
  label?: string;
}) {
  if (diagnostics.length === 0) return null;
  return (
    <ul id={id} className="field-errors" data-path={path} aria-label={label}>
      {diagnostics.map((d, i) => (
        <li key={`${d.code}-${i}`} className={`field-error field-error-${d.severity}`} data-testid="field-error">
          <span className="problem-code">{d.code}</span> {d.message}
        </li>
      ))}
    </ul>
  );
}

/** Props that mark an input invalid and tie it to its FieldErrors. */
export function invalidProps(errorsId: string, diagnostics: Diagnostic[], path: string) {
  const invalid = atPath(diagnostics, path).length > 0;
  return invalid ? { "aria-invalid": true, "aria-describedby": errorsId } : {};
}
