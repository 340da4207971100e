// A test payload as a form built from its event's field tree: a typed input per value
// (number inputs, checkboxes, UTC date-times), a fieldset per object, rows to add and
// remove for a list. It edits the payload it is given and hands back the new one; the
// fields Rust named in a refusal are marked, with its words under them.
import { useId } from "react";

import type { Field } from "../../bindings/Field";
import type { FieldKind } from "../../bindings/FieldKind";
import { kindLabel } from "../../config/fieldKinds";
import { elementKind, inputText, inputValue, kindExample, newRow, toPointer, valueAt, type JsonPath, type Payload } from "./schemaForm";

type Props = {
  fields: readonly Field[];
  payload: Payload;
  /** Rust's words about the payload, by JSON Pointer. */
  errors: ReadonlyMap<string, string[]>;
  onChange: (path: JsonPath, value: unknown) => void;
  disabled?: boolean;
};

export function SchemaForm({ fields, payload, errors, onChange, disabled }: Props) {
  return (
    <fieldset className="schema-form" data-testid="schema-form" disabled={disabled}>
      <legend className="visually-hidden">Payload fields</legend>
      {fields.length === 0 && <p className="empty">This event has no fields.</p>}
      <FieldList fields={fields} path={[]} payload={payload} errors={errors} onChange={onChange} />
    </fieldset>
  );
}

type Level = Omit<Props, "fields" | "disabled"> & { path: JsonPath };

function FieldList({ fields, ...level }: Level & { fields: readonly Field[] }) {
  return (
    <>
      {fields.map((field) => (
        <FieldView key={field.name} field={field} {...level} path={[...level.path, field.name]} />
      ))}
    </>
  );
}

function FieldView({ field, ...level }: Level & { field: Field }) {
  if (field.type === "object") return <ObjectField field={field} {...level} />;
  if (field.type === "array") return <ListField field={field} {...level} />;
  return <ValueField kind={field.type} label={field.name} required={field.required} description={field.description} {...level} />;
}

function RequiredMark({ required }: { required?: boolean }) {
  return required ? (
    <span className="required-mark" data-testid="required-mark" title="Required">
      *<span className="visually-hidden"> (required)</span>
    </span>
  ) : null;
}

function Messages({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages) return null;
  return (
    <ul id={id} className="field-errors" data-testid="form-field-errors">
      {messages.map((m, i) => (
        <li key={i} className="field-error field-error-error">
          {m}
        </li>
      ))}
    </ul>
  );
}

function ObjectField({ field, path, payload, errors, onChange }: Level & { field: Field }) {
  const pointer = toPointer(path);
  const errorsId = useId();
  const messages = errors.get(pointer);
  return (
    <fieldset
      className="schema-object"
      data-testid="form-field"
      data-pointer={pointer}
      data-invalid={messages ? "true" : undefined}
      aria-describedby={messages ? errorsId : undefined}
    >
      <legend>
        {field.name} <RequiredMark required={field.required} />
      </legend>
      <FieldList fields={field.fields ?? []} path={path} payload={payload} errors={errors} onChange={onChange} />
      <Messages id={errorsId} messages={messages} />
    </fieldset>
  );
}

function ListField({ field, path, payload, errors, onChange }: Level & { field: Field }) {
  const pointer = toPointer(path);
  const errorsId = useId();
  const messages = errors.get(pointer);
  const value = valueAt(payload, path);
  const rows = Array.isArray(value) ? value : [];
  const kind = elementKind(field);
  return (
    <fieldset
      className="schema-list"
      data-testid="form-field"
      data-pointer={pointer}
      data-invalid={messages ? "true" : undefined}
      aria-describedby={messages ? errorsId : undefined}
    >
      <legend>
        {field.name} <span className="muted">(list of {kindLabel(kind)})</span> <RequiredMark required={field.required} />
      </legend>
      {rows.length === 0 && <p className="empty">No rows.</p>}
      {rows.map((_, i) => {
        const rowPath = [...path, i];
        const label = `${field.name} ${i + 1}`;
        return (
          <div key={i} className="schema-row" data-testid="form-row">
            {kind === "object" ? (
              <fieldset className="schema-object" data-testid="form-field" data-pointer={toPointer(rowPath)}>
                <legend>{label}</legend>
                <FieldList fields={field.fields ?? []} path={rowPath} payload={payload} errors={errors} onChange={onChange} />
              </fieldset>
            ) : (
              <ValueField kind={kind} label={label} path={rowPath} payload={payload} errors={errors} onChange={onChange} />
            )}
            <button
              type="button"
              className="button button-small"
              data-testid="form-row-remove"
              aria-label={`Remove ${label}`}
              onClick={() => onChange(rowPath, undefined)}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button button-small"
        data-testid="form-row-add"
        aria-label={`Add a row to ${field.name}`}
        onClick={() => onChange([...path, rows.length], newRow(field))}
      >
        Add a row
      </button>
      <Messages id={errorsId} messages={messages} />
    </fieldset>
  );
}

const INPUT_TYPES: Partial<Record<FieldKind, { type: string; step?: string }>> = {
  integer: { type: "number", step: "1" },
  number: { type: "number", step: "any" },
  date: { type: "date" },
  datetime: { type: "datetime-local", step: "1" },
};

function ValueField({
  kind,
  label,
  required,
  description,
  path,
  payload,
  errors,
  onChange,
}: Level & { kind: FieldKind; label: string; required?: boolean; description?: string }) {
  const inputId = useId();
  const errorsId = useId();
  const pointer = toPointer(path);
  const messages = errors.get(pointer);
  const value = valueAt(payload, path);
  const shown = inputText(kind, value);
  const common = {
    id: inputId,
    "data-testid": "form-input",
    "data-pointer": pointer,
    "aria-invalid": messages ? true : undefined,
    "aria-describedby": messages ? errorsId : undefined,
    "aria-required": required || undefined,
  };
  const unit = kind === "datetime" ? " (UTC)" : "";
  let input;
  if (shown === null) {
    // A value of another type (typed in the JSON view): shown as text, to be corrected.
    input = (
      <input
        {...common}
        type="text"
        data-mismatch="true"
        value={typeof value === "string" ? value : JSON.stringify(value)}
        placeholder={kindExample(kind)}
        title={`Not a ${kindLabel(kind)}`}
        spellCheck={false}
        onChange={(e) => onChange(path, inputValue(kind, e.target.value))}
      />
    );
  } else if (kind === "boolean") {
    input = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(path, e.target.checked)} />;
  } else {
    const typed = INPUT_TYPES[kind];
    input = (
      <input
        {...common}
        type={typed?.type ?? "text"}
        step={typed?.step}
        value={shown}
        spellCheck={false}
        onChange={(e) => onChange(path, inputValue(kind, e.target.value))}
      />
    );
  }
  return (
    <div
      className={`schema-value${kind === "boolean" && shown !== null ? " schema-check" : ""}`}
      data-testid="form-field"
      data-pointer={pointer}
      data-kind={kind}
      data-invalid={messages ? "true" : undefined}
    >
      <label htmlFor={inputId} title={description}>
        {label}
        {unit} <RequiredMark required={required} />
      </label>
      {input}
      {shown === null && <span className="hint">not a {kindLabel(kind)}</span>}
      <Messages id={errorsId} messages={messages} />
    </div>
  );
}
