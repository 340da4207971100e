// Where this machine keeps secrets, said plainly when it is not the OS keychain: without
// a keychain service, secrets go to an encrypted file, which a passphrase unlocks for
// this run (unlock_secrets). The passphrase is read from its input when Unlock is
// pressed, sent once and cleared: it is never in React state.
import { useId, useRef, useState } from "react";
import { createPortal } from "react-dom";

import { useAccess } from "../access/currentUser";
import { GuardedButton } from "../access/Guarded";
import { secretsOverview, toApiError, unlockSecrets, type ApiError } from "../api";
import { Dialog } from "../Dialog";
import { DialogActions } from "../DialogActions";
import { useLoaded } from "../useLoaded";
import { ApiErrorAlert } from "./FormChrome";

export function SecretStoreNote({ onUnlocked }: { onUnlocked: () => void }) {
  const { state, reload } = useLoaded(secretsOverview);
  const [unlocking, setUnlocking] = useState(false);
  const denied = useAccess().whyNot("manageConfigurations");

  if (state.status === "loading") return null;
  if (state.status === "error") {
    return <ApiErrorAlert testId="secret-store-error" prefix="Could not read where secrets are kept" error={state.error} />;
  }
  const { keychainProblem, file, fileUnlocked } = state.value;
  if (keychainProblem === null) return null;
  return (
    <div className="cfg-secret-store" role="note" data-testid="keychain-problem" data-unlocked={fileUnlocked}>
      <p>
        No keychain service on this machine: secrets are kept in the encrypted file <code data-testid="secrets-file">{file}</code>.
      </p>
      <p className="cfg-hint">{keychainProblem}</p>
      {fileUnlocked ? (
        <p className="cfg-hint" data-testid="secrets-unlocked">
          The file is unlocked for this run.
        </p>
      ) : (
        <p className="cfg-inline">
          <span>It is locked: unlock it to store secrets or use them.</span>
          <GuardedButton reason={denied} className="button button-small" data-testid="unlock-secrets" onClick={() => setUnlocking(true)}>
            Unlock secrets file
          </GuardedButton>
        </p>
      )}
      {unlocking &&
        // Outside the configuration <form>: its own Enter must not save the form.
        createPortal(
          <UnlockDialog
            file={file}
            onUnlocked={() => {
              setUnlocking(false);
              reload();
              onUnlocked();
            }}
            onClose={() => setUnlocking(false)}
          />,
          document.body,
        )}
    </div>
  );
}

function UnlockDialog({ file, onUnlocked, onClose }: { file: string; onUnlocked: () => void; onClose: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const unlock = () => {
    const input = inputRef.current;
    if (!input || input.value === "" || busy) return;
    const passphrase = input.value;
    input.value = "";
    setBusy(true);
    setError(null);
    unlockSecrets(passphrase).then(onUnlocked, (e: unknown) => {
      setBusy(false);
      setError(toApiError(e));
      inputRef.current?.focus();
    });
  };

  return (
    <Dialog title="Unlock the secrets file" onClose={onClose} testId="unlock-dialog">
      <div className="dialog-body">
        <p>
          The passphrase opens <code>{file}</code> for this run of the app. It is not kept.
        </p>
        <label htmlFor={inputId}>Passphrase</label>
        <input
          ref={inputRef}
          id={inputId}
          type="password"
          className="cfg-input"
          autoComplete="off"
          data-testid="unlock-passphrase"
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              unlock();
            }
          }}
        />
        {/* Rust's refusal; no Retry: the passphrase is typed again. */}
        {error && <ApiErrorAlert testId="unlock-error" prefix="Not unlocked" error={error} />}
      </div>
      <DialogActions confirmLabel="Unlock" tone="primary" busy={busy} error={null} onConfirm={unlock} onClose={onClose} />
    </Dialog>
  );
}
