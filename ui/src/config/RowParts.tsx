// The pieces the editable rows of the configuration forms share (headers and query
// parameters, field group parameters, token request headers): the list with its empty
// note and Add button, a row's labelled group of inputs with its Remove button and
// messages, the row's name input, a select's options, and a constant's "Not a secret".
import { useId, type InputHTMLAttributes, type LiHTMLAttributes, type ReactNode } from "react";

import { controlProps, MessageList, useMessages, type ControlProps } from "./Messages";

type Messages = ReturnType<typeof useMessages>;

/** A list of rows: `empty` shows instead of an empty list (none: the empty list shows). */
export function RowList({
  count,
  empty,
  addLabel,
  addTestId,
  onAdd,
  children,
}: {
  count: number;
  empty?: string;
  addLabel: string;
  addTestId: string;
  onAdd: () => void;
  children: ReactNode;
}) {
  return (
    <>
      {count === 0 && empty !== undefined ? <p className="cfg-empty">{empty}</p> : <ul className="cfg-param-list">{children}</ul>}
      <button type="button" className="button" data-testid={addTestId} onClick={onAdd}>
        {addLabel}
      </button>
    </>
  );
}

/** One row: its inputs as a group named `label`, a Remove button, then the inputs' messages. */
export function RowShell({
  label,
  removeTestId,
  onRemove,
  messages,
  children,
  ...li
}: {
  label: string;
  removeTestId?: string;
  onRemove: () => void;
  messages: Messages[];
  children: ReactNode;
} & LiHTMLAttributes<HTMLLIElement>) {
  return (
    <li {...li}>
      <div className="cfg-param-inputs" role="group" aria-label={label}>
        {children}
        <button type="button" className="button cfg-quiet" aria-label={`Remove ${label}`} data-testid={removeTestId} onClick={onRemove}>
          Remove
        </button>
      </div>
      {messages.map((m) => (
        <MessageList key={m.path} m={m} />
      ))}
    </li>
  );
}

/** The name of the row `label`, tied to its messages `m`. */
export function RowNameInput({
  m,
  label,
  value,
  onChange,
  ...rest
}: {
  m: Messages;
  label: string;
  value: string;
  onChange: (name: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value">) {
  const id = useId();
  return (
    <input
      {...controlProps(id, m)}
      className="cfg-input cfg-code"
      aria-label={`Name of ${label}`}
      placeholder="name"
      value={value}
      spellCheck={false}
      {...rest}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** The options of a select: each value, shown as `label(value)` (the value itself by default). */
export function Options<V extends string>({ values, label = (v) => v }: { values: readonly V[]; label?: (value: V) => string }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {label(v)}
    </option>
  ));
}

/**
 * "Not a secret" for a constant named like a credential that is not one (a token type,
 * a public key id): validation then lets it be saved as typed. `control` ties it to the
 * constant's messages when the constant has no input of its own (payload rows).
 */
export function NotSecretCheckbox({
  checked,
  label,
  control,
  onChange,
}: {
  checked: boolean;
  label: string;
  control?: Partial<ControlProps>;
  onChange: (notSecret: boolean) => void;
}) {
  return (
    <label className="cfg-checkbox cfg-not-secret" title="A constant named like a credential that is not one: it is saved as typed, in the clear.">
      <input
        {...control}
        type="checkbox"
        checked={checked}
        aria-label={`Not a secret: ${label}`}
        data-testid="not-secret"
        onChange={(e) => onChange(e.target.checked)}
      />
      Not a secret
    </label>
  );
}
