// The editing part of a CEL expression field, without its label and diagnostics (the
// inspector's ExpressionInput and the event form each add theirs): a textarea that
// suggests the fields in scope (with their type) and the functions (with signature and
// doc) for the name being typed, a hint with the signature of the call the caret is in,
// and pickers that insert a field or a function call at the caret.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";

import type { FunctionHelp } from "../../bindings/FunctionHelp";
import { callAt, insertCall, replaceRange, suggestionsFor, tokenAt, type Suggestion, type TextEdit, type TypedPath } from "../expressionText";
import type { PathGroup } from "./useExpressionPaths";

type Open = { items: Suggestion[]; active: number; start: number; end: number };

/** Attributes the textarea takes from its field: id, validity, descriptions, diagnostic path. */
export type EditorControl = {
  id: string;
  "aria-invalid"?: boolean | "true";
  "aria-describedby"?: string;
  "data-diag-path"?: string;
};

export function ExpressionEditor({
  control,
  label,
  value,
  onChange,
  groups,
  functions,
  placeholder,
  testId = "expression-input",
  path,
  className = "expression-input",
}: {
  control: EditorControl;
  /** The field's label, for the names of the suggestions and pickers. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  groups: readonly PathGroup[];
  functions: readonly FunctionHelp[];
  placeholder?: string;
  testId?: string;
  /** Rust's path of this field (`data-path`), for tests and focus. */
  path?: string;
  className?: string;
}) {
  const pickerId = useId();
  const functionPickerId = useId();
  const listId = useId();
  const hintId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const list = useRef<HTMLUListElement>(null);
  // Where the caret goes after an insertion, applied once React has rendered the new text.
  const pendingCaret = useRef<number | null>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const fields = useMemo<TypedPath[]>(() => groups.flatMap((g) => g.paths.map((path) => ({ path, ty: g.types?.[path] }))), [groups]);
  const byName = useMemo(() => new Map(functions.map((f) => [f.name, f])), [functions]);
  const families = useMemo(() => {
    const out = new Map<string, FunctionHelp[]>();
    for (const f of functions) out.set(f.family, [...(out.get(f.family) ?? []), f]);
    return [...out];
  }, [functions]);

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !textarea.current) return;
    textarea.current.focus();
    textarea.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  // The active suggestion stays in view while the arrows move through a long list.
  useEffect(() => {
    if (open) list.current?.children[open.active]?.scrollIntoView({ block: "nearest" });
  }, [open]);

  const apply = (edit: TextEdit) => {
    pendingCaret.current = edit.cursor;
    setCaret(edit.cursor);
    setOpen(null);
    onChange(edit.text);
  };

  const suggest = (text: string, cursor: number) => {
    const { token, start } = tokenAt(text, cursor);
    const items = suggestionsFor(token, fields, functions);
    setOpen(items.length > 0 ? { items, active: 0, start, end: cursor } : null);
  };

  const accept = (item: Suggestion) => {
    if (!open) return;
    apply(item.kind === "function" ? insertCall(value, open.start, open.end, item.label) : replaceRange(value, open.start, open.end, item.label));
  };

  const selection = () => {
    const el = textarea.current;
    return { start: el?.selectionStart ?? value.length, end: el?.selectionEnd ?? value.length };
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    const n = open.items.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : n - 1;
      setOpen({ ...open, active: (open.active + step) % n });
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(open.items[open.active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setOpen(null);
    }
  };

  const call = caret === null ? null : callAt(value, caret);
  const hinted = call ? byName.get(call.name) : undefined;
  const optionId = (i: number) => `${listId}-${i}`;
  const describedBy = [control["aria-describedby"], hinted ? hintId : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <div className="expression-editor">
      <div className="expression-box">
        <textarea
          ref={textarea}
          {...control}
          aria-describedby={describedBy}
          className={className}
          data-testid={testId}
          data-path={path}
          rows={2}
          spellCheck={false}
          autoComplete="off"
          value={value}
          placeholder={placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open !== null}
          aria-controls={listId}
          aria-activedescendant={open ? optionId(open.active) : undefined}
          onChange={(e) => {
            onChange(e.target.value);
            setCaret(e.target.selectionStart);
            suggest(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(null);
            setCaret(null);
          }}
        />
        <ul ref={list} id={listId} role="listbox" className="suggestions" aria-label={`Suggestions for ${label}`} hidden={!open}>
          {open?.items.map((item, i) => (
            <li
              key={`${item.kind}:${item.label}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === open.active}
              className={i === open.active ? "active" : undefined}
              data-kind={item.kind}
              data-value={item.label}
              // mousedown, not click: keep the focus (and the caret) in the textarea.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(item);
              }}
            >
              {item.kind === "field" ? (
                <>
                  <span className="suggestion-label">{item.label}</span>
                  {item.ty && <span className="suggestion-type">{item.ty}</span>}
                </>
              ) : (
                <>
                  <span className="suggestion-label">{item.fn.signature}</span>
                  <span className="suggestion-doc">{item.fn.doc}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      </div>
      {hinted && call && (
        <p className="expression-hint" id={hintId} data-testid="signature-hint">
          <code>{hinted.signature}</code>
          {hinted.params[call.arg] !== undefined && (
            <>
              {" "}
              argument <strong>{hinted.params[call.arg]}</strong>
            </>
          )}
          <span className="expression-hint-doc">{hinted.doc}</span>
        </p>
      )}
      {(groups.length > 0 || functions.length > 0) && (
        <div className="field-picker">
          {groups.length > 0 && (
            <>
              <label htmlFor={pickerId} className="visually-hidden">
                Insert a field into {label}
              </label>
              <select
                id={pickerId}
                data-testid="field-picker"
                value=""
                onChange={(e) => {
                  const { start, end } = selection();
                  if (e.target.value !== "") apply(replaceRange(value, start, end, e.target.value));
                }}
              >
                <option value="">Insert field…</option>
                {groups.map((g) => (
                  <optgroup key={g.label} label={g.label}>
                    {g.paths.map((p) => (
                      <option key={p} value={p}>
                        {g.types?.[p] ? `${p} : ${g.types[p]}` : p}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </>
          )}
          {functions.length > 0 && (
            <>
              <label htmlFor={functionPickerId} className="visually-hidden">
                Insert a function into {label}
              </label>
              <select
                id={functionPickerId}
                data-testid="function-picker"
                value=""
                onChange={(e) => {
                  const { start, end } = selection();
                  if (e.target.value !== "") apply(insertCall(value, start, end, e.target.value));
                }}
              >
                <option value="">Insert function…</option>
                {families.map(([family, list]) => (
                  <optgroup key={family} label={family}>
                    {list.map((f) => (
                      <option key={f.name} value={f.name} title={f.doc}>
                        {f.signature}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </>
          )}
        </div>
      )}
    </div>
  );
}
