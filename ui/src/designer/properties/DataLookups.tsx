// The version's data lookups: each reads one field group of a data source with its
// parameters mapped to expressions, optionally with a default for when the call fails.
// Added from the workspace's data sources; read in expressions as data.SOURCE.GROUP.
import { useId, useState } from "react";

import type { DataBinding } from "../../bindings/DataBinding";
import type { DataSource } from "../../bindings/DataSource";
import type { Diagnostic } from "../../bindings/Diagnostic";
import { listDataSources } from "../../config/api";
import { useLoaded } from "../../useLoaded";
import { ExpressionInput } from "../inspector/ExpressionInput";
import { FieldErrors } from "../inspector/FieldErrors";
import { useEntryPaths } from "../inspector/useExpressionPaths";
import { JsonDefaultInput } from "./JsonDefaultInput";
import { newLookup, withDefault, withParameter } from "./settingsEdits";

const key = (source: string, group: string) => `${source}/${group}`;

function LookupCard({
  binding,
  index,
  sources,
  diagnostics,
  onChange,
  onRemove,
}: {
  binding: DataBinding;
  index: number;
  sources: DataSource[];
  diagnostics: Diagnostic[];
  onChange: (next: DataBinding, field: string) => void;
  onRemove: () => void;
}) {
  // Rust checks lookup parameters in the entry activity's scope, whatever is selected.
  const groups = useEntryPaths();
  const base = `data[${index}]`;
  const group = sources.find((s) => s.name === binding.source)?.fieldGroups.find((g) => g.name === binding.group);
  const declared = group?.parameters ?? [];
  // Parameters the binding maps but the group no longer declares stay visible (Rust ignores them).
  const extra = Object.keys(binding.parameters).filter((p) => !declared.some((d) => d.name === p));
  const name = `${binding.source}.${binding.group}`;

  return (
    <li className="row-card" data-testid="lookup" data-key={key(binding.source, binding.group)} aria-label={`Lookup ${name}`}>
      <strong>
        <code>{name}</code>
      </strong>
      <p className="hint">
        Read in expressions as <code>data.{name}.field</code>
      </p>
      <FieldErrors id={`${base}-source-errors`} diagnostics={diagnostics} path={`${base}.source`} />
      <FieldErrors id={`${base}-group-errors`} diagnostics={diagnostics} path={`${base}.group`} />
      {[...declared.map((p) => ({ name: p.name, type: p.type as string })), ...extra.map((p) => ({ name: p, type: "not declared" }))].map(
        (p) => (
          <ExpressionInput
            key={p.name}
            label={`Parameter ${p.name} (${p.type})`}
            value={binding.parameters[p.name] ?? ""}
            groups={groups}
            diagnostics={diagnostics}
            path={`${base}.parameters.${p.name}`}
            placeholder="event.cartId"
            onChange={(expression) => onChange(withParameter(binding, p.name, expression), `parameters.${p.name}`)}
          />
        ),
      )}
      <JsonDefaultInput value={binding.default} onChange={(value) => onChange(withDefault(binding, value), "default")} />
      <button type="button" className="button button-small" data-testid="lookup-remove" onClick={onRemove}>
        Remove lookup {name}
      </button>
    </li>
  );
}

export function DataLookups({
  data,
  onChange,
  diagnostics,
}: {
  data: DataBinding[];
  onChange: (data: DataBinding[], field: string) => void;
  diagnostics: Diagnostic[];
}) {
  const { state } = useLoaded(listDataSources);
  const sources = state.status === "ready" ? state.value : [];
  const [choice, setChoice] = useState("");
  const selectId = useId();
  const headingId = useId();
  const taken = new Set(data.map((b) => key(b.source, b.group)));

  const add = () => {
    const [source, group] = choice.split("/");
    onChange([...data, newLookup(source, group)], "data");
    setChoice("");
  };

  return (
    <section className="lookups" data-testid="data-lookups" aria-labelledby={headingId}>
      <h4 id={headingId}>Data lookups</h4>
      {data.length === 0 && <p className="hint">No lookup: expressions read only the event and the actions.</p>}
      <ol className="rows">
        {data.map((b, i) => (
          <LookupCard
            key={`${key(b.source, b.group)}-${i}`}
            binding={b}
            index={i}
            sources={sources}
            diagnostics={diagnostics}
            onChange={(next, field) => onChange(data.map((x, k) => (k === i ? next : x)), `data[${i}].${field}`)}
            onRemove={() => onChange(data.filter((_, k) => k !== i), "data")}
          />
        ))}
      </ol>
      <div className="field">
        <label htmlFor={selectId}>Add a lookup (data source and field group)</label>
        <div className="field-row">
          <select id={selectId} data-testid="lookup-choice" value={choice} aria-busy={state.status === "loading"} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{state.status === "loading" ? "Loading data sources…" : "Choose a field group…"}</option>
            {sources.map((s) => (
              <optgroup key={s.name} label={s.name}>
                {s.fieldGroups.map((g) => (
                  <option key={g.name} value={key(s.name, g.name)} disabled={taken.has(key(s.name, g.name))}>
                    {s.name}.{g.name}
                    {g.parameters.length > 0 ? ` (${g.parameters.map((p) => p.name).join(", ")})` : ""}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <button type="button" className="button button-small" data-testid="lookup-add" disabled={choice === ""} onClick={add}>
            Add
          </button>
        </div>
        {state.status === "error" && (
          <p className="hint" role="status">
            The data sources could not be listed ({state.error.message}).
          </p>
        )}
      </div>
    </section>
  );
}
