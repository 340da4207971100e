// Puts a secret value (password, token, API key) into the OS keychain under its name.
// The value lives only in this uncontrolled input until it is sent with set_secret: it
// is never in React state, in the action, in a check or save call, or in a log. Once
// stored, the input is cleared and only "set" / "not set" is shown (secret_is_set).
import { useEffect, useId, useRef, useState } from "react";

import { secretIsSet, setSecret, toApiError, type ApiError } from "../api";
import { ApiErrorAlert } from "./FormChrome";
import { CHECK_DEBOUNCE_MS } from "./useConfigForm";

type Known = { name: string; set: boolean };

export function SecretSetter({ name, label }: { name: string; label: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const statusId = useId();
  const [known, setKnown] = useState<Known | null>(null);
  const [error, setError] = useState<{ prefix: string; error: ApiError } | null>(null);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);

  // Whether the named secret is set; asked again when the name changes (debounced: the
  // name is typed in another input).
  useEffect(() => {
    if (name === "") return;
    let current = true;
    const timer = setTimeout(() => {
      secretIsSet(name).then(
        (set) => {
          if (current) setKnown({ name, set });
        },
        (e: unknown) => {
          if (current) setError({ prefix: "Could not read the keychain", error: toApiError(e) });
        },
      );
    }, CHECK_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name]);

  const store = async () => {
    const input = inputRef.current;
    if (!input || name === "") return;
    setError(null);
    setEmpty(input.value === "");
    if (input.value === "") return;
    setBusy(true);
    try {
      await setSecret(name, input.value);
      input.value = "";
      setKnown({ name, set: await secretIsSet(name) });
    } catch (e) {
      setError({ prefix: "Secret not stored", error: toApiError(e) });
    } finally {
      setBusy(false);
    }
  };

  const status = name === "" ? "name it first" : known?.name === name ? (known.set ? "set" : "not set") : "…";
  return (
    <div className="cfg-row" data-testid="secret-setter" data-name={name}>
      <label htmlFor={inputId}>
        {label} {name && <code>{name}</code>}
      </label>
      <div className="cfg-inline">
        <input
          ref={inputRef}
          id={inputId}
          type="password"
          className="cfg-input"
          autoComplete="off"
          aria-describedby={statusId}
          disabled={name === ""}
          data-testid="secret-input"
          // Enter stores the secret instead of submitting (saving) the whole action.
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void store();
            }
          }}
        />
        <button
          type="button"
          className="button"
          disabled={name === "" || busy}
          data-testid="secret-save"
          onClick={() => void store()}
        >
          Save to keychain
        </button>
        <span
          id={statusId}
          className={`cfg-secret-status cfg-secret-${status === "set" ? "set" : "unset"}`}
          role="status"
          data-testid="secret-status"
        >
          Keychain: {status}
        </span>
      </div>
      {empty && <p className="cfg-hint">Type the secret, then save it to the keychain.</p>}
      {error && <ApiErrorAlert testId="secret-error" prefix={error.prefix} error={error.error} />}
    </div>
  );
}
