// "Send test request": an input per value the request needs, the Send button, and the
// answer (status, time, body). The request is made by Rust with the form's object as it
// is now, saved or not; secrets are read from the keychain, never from the form. Inputs
// keep what was typed across calls and failures; they are not part of the saved object.
import { useId, useState, type ReactNode } from "react";

import { toApiError, type ApiError } from "../api";
import type { TestResponse } from "./api";
import { kindLabel } from "./fieldKinds";
import { ApiErrorAlert } from "./FormChrome";
import { describeStatus, formatBody, readTestValues, slotText, type TestSlot } from "./testRequest";

type Result = { kind: "response"; response: TestResponse } | { kind: "error"; error: ApiError };

export function TestRequestPanel({
  slots,
  send,
  blocked,
  intro,
  label,
  onUseBody,
  standalone = false,
}: {
  slots: readonly TestSlot[];
  /** Makes the call with the values by key; null while the form cannot be read. */
  send: ((values: Record<string, unknown>) => Promise<TestResponse>) | null;
  /** Why `send` is null, shown instead of sending. */
  blocked: string;
  intro: ReactNode;
  /** Accessible name of the panel ("Test request for group byId"). */
  label: string;
  /** Offered for a successful JSON answer: makes the body the response example. */
  onUseBody?: (body: unknown) => void;
  /** A section of its own in the form, rather than a part of a group. */
  standalone?: boolean;
}) {
  const [texts, setTexts] = useState<ReadonlyMap<string, string>>(new Map());
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [notSent, setNotSent] = useState<string | null>(null);

  const setText = (key: string, text: string) => {
    setTexts((t) => new Map(t).set(key, text));
    setProblems((p) => {
      if (!p.has(key)) return p;
      const next = new Map(p);
      next.delete(key);
      return next;
    });
  };

  const run = async () => {
    if (sending) return;
    setNotSent(null);
    if (send === null) {
      setNotSent(blocked);
      return;
    }
    const read = readTestValues(slots, texts);
    if (!read.ok) {
      setProblems(read.problems);
      setNotSent("Not sent: some values cannot be read. They are marked above.");
      return;
    }
    setProblems(new Map());
    setSending(true);
    try {
      setResult({ kind: "response", response: await send(read.values) });
    } catch (e) {
      setResult({ kind: "error", error: toApiError(e) });
    } finally {
      setSending(false);
    }
  };

  return (
    <section className={standalone ? "cfg-section cfg-test" : "cfg-test"} aria-label={label} data-testid="test-request">
      <h4>Test request</h4>
      <p className="cfg-hint">{intro}</p>
      <p className="cfg-hint" data-testid="test-secrets-hint">
        The request uses this form as it is now, saved or not. Secrets are read from the keychain (or the secrets file), and
        go only to their origins: save and bind them first.
      </p>
      {slots.length === 0 ? (
        <p className="cfg-empty" data-testid="test-no-inputs">
          No values to fill in: every part of the request is fixed.
        </p>
      ) : (
        <ul className="cfg-test-inputs">
          {slots.map((slot) => (
            <TestInput
              key={slot.key}
              slot={slot}
              text={slotText(slot, texts)}
              problem={problems.get(slot.key)}
              onChange={(text) => setText(slot.key, text)}
              onEnter={() => void run()}
            />
          ))}
        </ul>
      )}
      <div className="cfg-inline">
        <button type="button" className="button" disabled={sending} data-testid="test-send" onClick={() => void run()}>
          {sending ? "Sending…" : "Send test request"}
        </button>
      </div>
      {notSent && (
        <p className="cfg-alert" role="alert" data-testid="test-not-sent">
          {notSent}
        </p>
      )}
      <div aria-live="polite">
        {result?.kind === "error" && <ApiErrorAlert testId="test-error" prefix="Test request failed" error={result.error} />}
        {result?.kind === "response" && <TestResult response={result.response} onUseBody={onUseBody} />}
      </div>
    </section>
  );
}

function TestInput({
  slot,
  text,
  problem,
  onChange,
  onEnter,
}: {
  slot: TestSlot;
  text: string;
  problem: string | undefined;
  onChange: (text: string) => void;
  onEnter: () => void;
}) {
  const id = useId();
  const problemId = useId();
  const hintId = useId();
  const common = {
    id,
    className: "cfg-input cfg-code",
    "data-testid": "test-input",
    "data-key": slot.key,
    "aria-describedby": [hintId, problem ? problemId : ""].filter(Boolean).join(" "),
    ...(problem ? { "aria-invalid": true as const } : {}),
  };
  return (
    <li className="cfg-row">
      <label htmlFor={id}>
        {slot.label} {slot.label !== slot.key && <code>{slot.key}</code>}
      </label>
      {slot.type === "boolean" ? (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          {text !== "" && text !== "true" && text !== "false" && text !== "null" && <option value={text}>{text}</option>}
          {(slot.optional || text === "") && <option value="">{slot.optional ? "(left out)" : "choose…"}</option>}
          <option value="true">true</option>
          <option value="false">false</option>
          {slot.nullable && <option value="null">null</option>}
        </select>
      ) : (
        <input
          {...common}
          value={text}
          autoComplete="off"
          spellCheck={false}
          // Enter sends the test request instead of submitting (saving) the whole form.
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              onEnter();
            }
          }}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <p className="cfg-hint" id={hintId}>
        {slot.hint ?? (
          <>
            {kindLabel(slot.type)}
            {slot.optional ? ", optional: left out when empty" : ""}
            {slot.nullable && slot.type !== "string" && slot.type !== "date" && slot.type !== "datetime" ? ", null allowed" : ""}
          </>
        )}
      </p>
      {problem && (
        <p className="cfg-message cfg-message-error" id={problemId} data-testid="test-input-problem">
          {problem}
        </p>
      )}
    </li>
  );
}

function TestResult({ response, onUseBody }: { response: TestResponse; onUseBody?: (body: unknown) => void }) {
  const body = formatBody(response.body);
  const json = typeof response.body === "object" && response.body !== null;
  return (
    <div className="cfg-test-result" data-testid="test-result" data-ok={String(response.ok)}>
      <p className="cfg-test-summary">
        <span
          className={response.ok ? "cfg-test-ok" : "cfg-test-failed"}
          data-testid="test-status"
          data-status={response.status}
        >
          {response.ok ? "✓" : "✗"} {describeStatus(response.status)}
        </span>
        <span data-testid="test-ms">{response.ms.toLocaleString("en-US")} ms</span>
      </p>
      {body === "" ? (
        <p className="cfg-empty" data-testid="test-body-empty">
          No body.
        </p>
      ) : (
        <pre className="cfg-test-body" tabIndex={0} aria-label="Response body" data-testid="test-body">
          {body}
        </pre>
      )}
      {onUseBody && response.ok && json && (
        <button type="button" className="button" data-testid="test-use-body" onClick={() => onUseBody(response.body)}>
          Use this answer as the response example
        </button>
      )}
    </div>
  );
}
