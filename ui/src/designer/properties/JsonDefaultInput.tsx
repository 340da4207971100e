// A lookup's default value as JSON text. Only text that parses reaches the store; while
// it does not, the last valid value stays saved and the message says why. An undo or
// redo that changes the value from outside replaces the text.
import { useId, useState } from "react";

import { jsonTextOf, readJsonText } from "./settingsEdits";

export function JsonDefaultInput({ value, onChange }: { value: unknown; onChange: (value: unknown) => void }) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const [text, setText] = useState(() => jsonTextOf(value));
  // The value this text stands for; a different one came from outside (undo, redo).
  const [shown, setShown] = useState<unknown>(value);
  if (value !== shown) {
    setShown(value);
    setText(jsonTextOf(value));
  }
  const read = readJsonText(text);

  return (
    <div className="field">
      <label htmlFor={id}>Default value (JSON, optional)</label>
      <textarea
        id={id}
        className="code-input"
        data-testid="lookup-default"
        rows={3}
        spellCheck={false}
        value={text}
        placeholder='{"paid": false}'
        aria-invalid={read.kind === "invalid" || undefined}
        aria-describedby={read.kind === "invalid" ? `${errorId} ${hintId}` : hintId}
        onChange={(e) => {
          setText(e.target.value);
          const next = readJsonText(e.target.value);
          if (next.kind === "invalid") return;
          const stored = next.kind === "valid" ? next.value : undefined;
          setShown(stored);
          onChange(stored);
        }}
      />
      <p className="hint" id={hintId}>
        Used when the lookup fails — an error, a 404, a timeout. Without one, the person takes the error path of the
        activity that reads it.
      </p>
      {read.kind === "invalid" && (
        <p className="field-error field-error-error" id={errorId} role="alert" data-testid="lookup-default-error">
          Not valid JSON, not saved: {read.message}
        </p>
      )}
    </div>
  );
}
