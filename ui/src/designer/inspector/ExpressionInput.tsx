// A CEL expression field: a textarea with suggestions for the path being typed, a field
// picker that inserts a path at the cursor, and Rust's diagnostics for this field.
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import { completions, replaceRange, tokenAt, type TextEdit } from "../expressionText";
import { FieldErrors, invalidProps } from "./FieldErrors";
import type { PathGroup } from "./useExpressionPaths";

type Suggestions = { items: string[]; active: number; start: number; end: number };

export function ExpressionInput({
  label,
  value,
  onChange,
  groups,
  diagnostics,
  path,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  groups: PathGroup[];
  diagnostics: Diagnostic[];
  path: string;
  placeholder?: string;
}) {
  const inputId = useId();
  const pickerId = useId();
  const listId = useId();
  const errorsId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes after an insertion, applied once React has rendered the new text.
  const caret = useRef<number | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const allPaths = useMemo(() => groups.flatMap((g) => g.paths), [groups]);

  useLayoutEffect(() => {
    if (caret.current === null || !textarea.current) return;
    textarea.current.focus();
    textarea.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  const apply = (edit: TextEdit) => {
    caret.current = edit.cursor;
    setSuggestions(null);
    onChange(edit.text);
  };

  const suggest = (text: string, cursor: number) => {
    const { token, start } = tokenAt(text, cursor);
    const items = completions(token, allPaths);
    setSuggestions(items.length > 0 ? { items, active: 0, start, end: cursor } : null);
  };

  const accept = (item: string) => {
    if (suggestions) apply(replaceRange(value, suggestions.start, suggestions.end, item));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!suggestions) return;
    const n = suggestions.items.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : n - 1;
      setSuggestions({ ...suggestions, active: (suggestions.active + step) % n });
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(suggestions.items[suggestions.active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setSuggestions(null);
    }
  };

  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <div className="field expression-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="expression-box">
        <textarea
          ref={textarea}
          id={inputId}
          className="expression-input"
          data-testid="expression-input"
          data-path={path}
          rows={2}
          spellCheck={false}
          autoComplete="off"
          value={value}
          placeholder={placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={suggestions !== null}
          aria-controls={listId}
          aria-activedescendant={suggestions ? optionId(suggestions.active) : undefined}
          {...invalidProps(errorsId, diagnostics, path)}
          onChange={(e) => {
            onChange(e.target.value);
            suggest(e.target.value, e.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setSuggestions(null)}
        />
        <ul id={listId} role="listbox" className="suggestions" aria-label={`Suggestions for ${label}`} hidden={!suggestions}>
          {suggestions?.items.map((item, i) => (
            <li
              key={item}
              id={optionId(i)}
              role="option"
              aria-selected={i === suggestions.active}
              className={i === suggestions.active ? "active" : undefined}
              // mousedown, not click: keep the focus (and the caret) in the textarea.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(item);
              }}
            >
              {item}
            </li>
          ))}
        </ul>
      </div>
      {groups.length > 0 && (
        <div className="field-picker">
          <label htmlFor={pickerId} className="visually-hidden">
            Insert a field into {label}
          </label>
          <select
            id={pickerId}
            data-testid="field-picker"
            value=""
            onChange={(e) => {
              const el = textarea.current;
              const start = el?.selectionStart ?? value.length;
              const end = el?.selectionEnd ?? value.length;
              if (e.target.value !== "") apply(replaceRange(value, start, end, e.target.value));
            }}
          >
            <option value="">Insert field…</option>
            {groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.paths.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      )}
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}
