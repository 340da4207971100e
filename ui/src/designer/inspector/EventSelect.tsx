// Picks one of the workspace's events; a name the workspace no longer has stays
// selectable so the form shows what is saved (Rust reports it as unknown).
import { useId } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import { useCatalog } from "../DesignerContext";
import { FieldErrors, invalidProps } from "./FieldErrors";

export function EventSelect({
  value,
  onChange,
  diagnostics,
}: {
  value: string;
  onChange: (event: string) => void;
  diagnostics: Diagnostic[];
}) {
  const { events } = useCatalog();
  const id = useId();
  const errorsId = useId();
  const path = "activity.event";
  const known = events.some((e) => e.name === value);

  return (
    <div className="field">
      <label htmlFor={id}>Event</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...invalidProps(errorsId, diagnostics, path)}>
        <option value="">Choose an event…</option>
        {!known && value !== "" && <option value={value}>{value} (not in this workspace)</option>}
        {events.map((e) => (
          <option key={e.name} value={e.name}>
            {e.name}
          </option>
        ))}
      </select>
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}
