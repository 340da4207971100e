// Adds a runner, or points one at a new URL and/or token. Only the required fields are
// checked here (a name and a URL); Rust checks the rest and its refusal, which names the
// field, shows beside the form with everything typed kept. The token lives only in this
// uncontrolled password input until it is sent with add_runner: never in React state.
import { useId, useRef, useState, type FormEvent } from "react";

import { addRunner, toApiError, type ApiError } from "../api";
import type { RunnerInfo } from "../bindings/RunnerInfo";
import { tokenSource } from "./model";

export function RunnerForm({
  editing,
  onSaved,
  onCancel,
}: {
  /** The runner to re-point; null adds a new one. */
  editing: RunnerInfo | null;
  onSaved: (runner: RunnerInfo) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(editing?.name ?? "");
  const [url, setUrl] = useState(editing?.url ?? "");
  const tokenRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const headingId = useId();
  const nameId = useId();
  const nameHintId = useId();
  const urlId = useId();
  const tokenId = useId();
  const tokenHintId = useId();
  const errorId = useId();
  const ready = name.trim() !== "" && url.trim() !== "";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || busy) return;
    const typed = tokenRef.current?.value ?? "";
    setBusy(true);
    setError(null);
    addRunner(name.trim(), url.trim(), typed.trim() === "" ? null : typed).then(
      (runner) => {
        if (tokenRef.current) tokenRef.current.value = "";
        setBusy(false);
        onSaved(runner);
      },
      (err: unknown) => {
        setBusy(false);
        setError(toApiError(err));
      },
    );
  };

  const title = editing ? `Edit runner ${editing.name}` : "Add a runner";
  return (
    <form
      className="runner-form"
      aria-labelledby={headingId}
      aria-describedby={error ? errorId : undefined}
      data-testid="runner-form"
      data-mode={editing ? "edit" : "add"}
      onSubmit={submit}
    >
      <h3 id={headingId}>{title}</h3>
      <div className="runner-form-fields">
        <div className="runner-field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            value={name}
            required
            readOnly={editing !== null}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={nameHintId}
            onChange={(e) => setName(e.target.value)}
          />
          <p id={nameHintId} className="hint">
            {editing ? "A runner keeps its name: remove it and add another to rename." : "How journeys and the CLI refer to it, e.g. prod-eu."}
          </p>
        </div>
        <div className="runner-field">
          <label htmlFor={urlId}>URL</label>
          <input
            id={urlId}
            value={url}
            required
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://runner.example.com"
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
        <div className="runner-field">
          <label htmlFor={tokenId}>Token</label>
          <input
            ref={tokenRef}
            id={tokenId}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            aria-describedby={tokenHintId}
          />
          <p id={tokenHintId} className="hint">
            {editing && !tokenSource(editing.token).missing
              ? "Leave empty to keep the current token (for this URL only: a token goes only to the runner it was given for). A new one replaces it in the OS keychain."
              : "Kept in the OS keychain, never in the workspace file. Leave empty to use PARCOURS_RUNNER_TOKEN_<NAME> from the environment."}
          </p>
        </div>
      </div>
      {error && (
        <p className="runner-form-error" role="alert" id={errorId} data-testid="runner-form-error" data-code={error.code}>
          Not saved: <strong className="error-code">{error.code}</strong> {error.message}
        </p>
      )}
      <div className="runner-form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="runner-save"
          disabled={!ready || busy}
          aria-busy={busy}
        >
          Save runner
        </button>
      </div>
    </form>
  );
}
