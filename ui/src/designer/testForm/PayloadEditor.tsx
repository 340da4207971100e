// A test payload edited two ways at once: the form built from the event's schema and the
// JSON view beside it. The JSON text is what the panel holds and sends; the form shows
// it parsed and writes every change back into it. While the JSON does not parse, the
// form keeps its last good state, greyed, and the JSON view says where the error is.
// Rust's refusal of a payload that does not fit is listed beside them, its fields marked.
import { useId, useMemo, useState, type ReactNode } from "react";

import type { Field } from "../../bindings/Field";
import { errorsByPointer, type PayloadError } from "./payloadErrors";
import { payloadText, readPayloadText, withValue, type JsonPath, type Payload } from "./schemaForm";
import { SchemaForm } from "./SchemaForm";
import "./testForm.css";

type Props = {
  /** The event's field tree; without it (an unknown event) only the JSON view is shown. */
  fields: readonly Field[] | undefined;
  text: string;
  onText: (text: string) => void;
  /** Rust's refusal, by field (null: none). */
  errors: readonly PayloadError[] | null;
  /** The JSON view's test id (`test-payload` for the panel's event). */
  testId: string;
  /** Beside the JSON view's label (Reset to example). */
  tools?: ReactNode;
  invalid?: boolean;
  describedBy?: string;
};

export function PayloadEditor({ fields, text, onText, errors, testId, tools, invalid, describedBy }: Props) {
  const jsonId = useId();
  const problemId = useId();
  const errorsId = useId();
  const parsed = useMemo(() => readPayloadText(text), [text]);
  const [lastGood, setLastGood] = useState<{ text: string; payload: Payload }>({ text: "", payload: {} });
  if (parsed.ok && lastGood.text !== text) setLastGood({ text, payload: parsed.payload });
  const payload = parsed.ok ? parsed.payload : lastGood.payload;
  const marked = useMemo(() => errorsByPointer(errors ?? []), [errors]);

  const change = (path: JsonPath, value: unknown) => onText(payloadText(withValue(payload, path, value)));

  return (
    <div className="payload-editor" data-testid={`${testId}-editor`}>
      {fields !== undefined && (
        <div className="payload-form" aria-label="Payload as a form" role="group">
          <div className="field-label-row">
            <span className="payload-heading">Payload</span>
            <span className="hint">
              <span className="required-mark" aria-hidden="true">
                *
              </span>{" "}
              required
            </span>
          </div>
          <SchemaForm fields={fields} payload={payload} errors={marked} onChange={change} disabled={!parsed.ok} />
        </div>
      )}
      <div className="payload-json field">
        <div className="field-label-row">
          <label htmlFor={jsonId}>Payload (JSON)</label>
          {tools}
        </div>
        <textarea
          id={jsonId}
          data-testid={testId}
          className="code-input"
          rows={10}
          spellCheck={false}
          value={text}
          aria-invalid={invalid || !parsed.ok || undefined}
          aria-describedby={[!parsed.ok ? problemId : null, describedBy ?? null].filter(Boolean).join(" ") || undefined}
          onChange={(e) => onText(e.target.value)}
        />
        {!parsed.ok && (
          <p id={problemId} className="field-error field-error-error" data-testid={`${testId}-json-error`} aria-live="polite">
            {parsed.message}
          </p>
        )}
      </div>
      {errors !== null && errors.length > 0 && (
        <div className="payload-errors cfg-alert" role="alert" id={errorsId} data-testid={`${testId}-errors`}>
          <p>The payload does not fit the event:</p>
          <ul>
            {errors.map((e, i) => (
              <li key={i} data-pointer={e.pointer}>
                <code>{e.pointer}</code> {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
