// Puts a secret value (password, token, API key) into this machine's secret store under
// its name, with the origins it may be sent to. The value lives only in this uncontrolled
// input until it is sent with set_secret: it is never in React state, in the action, in a
// check or save call, or in a log, and the input is emptied once it is sent. What shows
// is the secret's status (secret_status): set or not, where it is kept, where it may go,
// and the calls its binding refuses. A new secret's origins start from the definition's
// origin; a stored one's change without retyping the value (bind_secret).
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

import { useAccess } from "../access/currentUser";
import { GuardedButton } from "../access/Guarded";
import { bindSecret, secretStatus, setSecret, toApiError, type ApiError } from "../api";
import type { SecretBinding } from "../bindings/SecretBinding";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { SecretStoreKind } from "../bindings/SecretStoreKind";
import { ApiErrorAlert } from "./FormChrome";
import { originOf, sameOrigins, withOrigin } from "./origins";
import { CHECK_DEBOUNCE_MS } from "./useConfigForm";

const STORES: Record<SecretStoreKind, string> = {
  keychain: "the OS keychain",
  file: "the encrypted secrets file",
  environment: "the environment",
};

type Known = { name: string; status: SecretStatus };
type Edited = { name: string; binding: SecretBinding };
type Failure = { prefix: string; error: ApiError };

export function SecretSetter({
  name,
  label,
  origin,
  destination,
  refresh = 0,
}: {
  name: string;
  label: string;
  /** The origin the definition sends this secret to; null while its URL is not an http(s) URL. */
  origin: string | null;
  /** Where that origin comes from, in words ("this action's URL"). */
  destination: string;
  /** Changes when the store changed elsewhere (the secrets file was unlocked): asked again. */
  refresh?: number;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const statusId = useId();
  const [known, setKnown] = useState<Known | null>(null);
  const [reads, setReads] = useState(0);
  const [edited, setEdited] = useState<Edited | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const denied = useAccess().whyNot("manageConfigurations");

  // The named secret's status; asked again when the name changes (debounced: the name is
  // typed in another input), after each change made here, and when told to.
  useEffect(() => {
    if (name === "") return;
    let current = true;
    const timer = setTimeout(() => {
      secretStatus(name).then(
        (status) => {
          if (current) setKnown({ name, status });
        },
        (e: unknown) => {
          if (current) setFailure({ prefix: "Could not read the secret's status", error: toApiError(e) });
        },
      );
    }, CHECK_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name, reads, refresh]);

  const status = known?.name === name ? known.status : null;
  const stored = status?.set ? status : null;
  // Until edited: a stored secret's binding, else the definition's origin.
  const initial: SecretBinding =
    stored !== null && stored.origins.length > 0
      ? { origins: stored.origins, allowHttp: stored.allowHttp }
      : { origins: origin === null ? [] : [origin], allowHttp: stored?.allowHttp ?? false };
  const binding = edited?.name === name ? edited.binding : initial;
  const edit = (patch: Partial<SecretBinding>) => setEdited({ name, binding: { ...binding, ...patch } });
  const rebinding = stored !== null && !(sameOrigins(binding.origins, stored.origins) && binding.allowHttp === stored.allowHttp);
  const unbound = stored !== null && origin !== null && !stored.origins.includes(origin) ? origin : null;

  const run = async (prefix: string, change: () => Promise<unknown>) => {
    setFailure(null);
    setBusy(true);
    try {
      await change();
      setEdited(null);
    } catch (e) {
      setFailure({ prefix, error: toApiError(e) });
    } finally {
      setBusy(false);
      setReads((n) => n + 1);
    }
  };

  const store = () => {
    const input = inputRef.current;
    if (!input || name === "" || denied !== null || busy) return;
    setEmpty(input.value === "");
    if (input.value === "") return;
    const value = input.value;
    // Sent once, then gone from the page, stored or not.
    input.value = "";
    void run("Secret not stored", () => setSecret(name, value, binding));
  };

  const bindTo = (secret: SecretStatus, to: string) =>
    void run("Not bound", () => bindSecret(name, { origins: withOrigin(secret.origins, to), allowHttp: secret.allowHttp }));

  const state = name === "" ? "unnamed" : status === null ? "loading" : status.set ? "set" : "unset";
  const statusText =
    name === "" ? "Name it first" : status === null ? "…" : stored?.store ? `Set, kept in ${STORES[stored.store]}` : status.set ? "Set" : "Not set";
  return (
    <div className="cfg-row cfg-secret" data-testid="secret-setter" data-name={name}>
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
          disabled={name === "" || denied !== null}
          data-testid="secret-input"
          // Enter stores the secret instead of submitting (saving) the whole form.
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              store();
            }
          }}
        />
        <GuardedButton reason={denied} className="button" disabled={name === "" || busy} data-testid="secret-save" onClick={store}>
          {stored ? "Replace secret" : "Save secret"}
        </GuardedButton>
        <span
          id={statusId}
          className={`cfg-secret-status cfg-secret-${state === "set" ? "set" : "unset"}`}
          role="status"
          data-testid="secret-status"
          data-state={state}
          data-store={stored?.store ?? undefined}
        >
          {statusText}
        </span>
      </div>
      {stored && (
        <p className="cfg-hint" data-testid="secret-binding">
          May be sent to {stored.origins.length === 0 ? "no origin yet" : stored.origins.join(", ")}
          {stored.allowHttp ? " (plain HTTP allowed)" : ""}.
        </p>
      )}
      {empty && <p className="cfg-hint">Type the secret, then save it.</p>}
      {failure && <ApiErrorAlert testId="secret-error" prefix={failure.prefix} error={failure.error} />}
      {stored && (unbound !== null || stored.problems.length > 0) && (
        <div className="cfg-secret-problems" data-testid="secret-problems">
          {unbound !== null && (
            <p data-testid="secret-unbound">
              {destination} goes to <code>{unbound}</code>, where this secret may not be sent: its calls would be refused.{" "}
              <GuardedButton reason={denied} className="button button-small" disabled={busy} data-testid="secret-bind" data-origin={unbound} onClick={() => bindTo(stored, unbound)}>
                Bind to {unbound}
              </GuardedButton>
            </p>
          )}
          {stored.problems.length > 0 && (
            <ul>
              {stored.problems.map((p) => (
                <li key={p} data-testid="secret-problem">
                  {p}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {name !== "" && (
        <OriginsEditor
          name={name}
          binding={binding}
          edit={edit}
          rebind={
            rebinding ? (
              <span className="cfg-inline">
                <GuardedButton reason={denied} className="button button-small" disabled={busy} data-testid="secret-rebind" onClick={() => void run("Origins not saved", () => bindSecret(name, binding))}>
                  Save origins
                </GuardedButton>
                <button type="button" className="button button-small cfg-quiet" data-testid="secret-rebind-undo" onClick={() => setEdited(null)}>
                  Undo
                </button>
              </span>
            ) : null
          }
        />
      )}
    </div>
  );
}

/** The origins a secret may be sent to, and whether plain HTTP may carry it beyond this machine. */
function OriginsEditor({
  name,
  binding,
  edit,
  rebind,
}: {
  name: string;
  binding: SecretBinding;
  edit: (patch: Partial<SecretBinding>) => void;
  /** "Save origins" for a stored secret whose binding was edited. */
  rebind: ReactNode;
}) {
  const addRef = useRef<HTMLInputElement>(null);
  const addId = useId();
  const add = () => {
    const input = addRef.current;
    if (!input || input.value.trim() === "") return;
    // Tidied when it reads as a URL; Rust refuses what is not an http(s) origin.
    edit({ origins: withOrigin(binding.origins, originOf(input.value) ?? input.value.trim()) });
    input.value = "";
  };
  return (
    <fieldset className="cfg-subsection cfg-secret-origins" data-testid="secret-origins">
      <legend>
        Where <code>{name}</code> may be sent
      </legend>
      {binding.origins.length === 0 ? (
        <p className="cfg-empty" data-testid="secret-origins-empty">
          No origin yet: add the one this secret is for.
        </p>
      ) : (
        <ul className="cfg-origin-list">
          {binding.origins.map((o) => (
            <li key={o} data-testid="secret-origin" data-origin={o}>
              <code>{o}</code>
              <button
                type="button"
                className="button button-small cfg-quiet"
                aria-label={`Remove origin ${o}`}
                data-testid="secret-origin-remove"
                onClick={() => edit({ origins: binding.origins.filter((x) => x !== o) })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="cfg-inline">
        <label htmlFor={addId} className="cfg-visually-hidden">
          Origin to add
        </label>
        <input
          ref={addRef}
          id={addId}
          className="cfg-input cfg-code"
          placeholder="https://api.example.com"
          spellCheck={false}
          autoComplete="off"
          data-testid="secret-origin-input"
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button button-small" data-testid="secret-origin-add" onClick={add}>
          Add origin
        </button>
      </div>
      <label className="cfg-checkbox">
        <input type="checkbox" checked={binding.allowHttp} data-testid="secret-allow-http" onChange={(e) => edit({ allowHttp: e.target.checked })} />
        Allow plain HTTP (not only to this machine)
      </label>
      {rebind}
    </fieldset>
  );
}
