// The foot of a dialog that runs an action: the action's failure (with a retry) above
// Cancel and the button that confirms (data-testid "confirm"), disabled and aria-busy
// while the action runs. ConfirmDialog and the form dialogs share it so they read and
// behave alike.
import type { ApiError } from "./api";
import { ErrorBanner } from "./ErrorBanner";

export function DialogActions({
  confirmLabel,
  tone,
  busy,
  disabled = false,
  error,
  submits = false,
  onConfirm,
  onClose,
}: {
  confirmLabel: string;
  tone: "primary" | "danger";
  busy: boolean;
  /** Disabled besides while busy (say, a required field is empty). */
  disabled?: boolean;
  error: ApiError | null;
  /** Inside a <form> whose onSubmit runs the action: the button submits it (Enter works too). */
  submits?: boolean;
  /** Runs the action: the retry of a failure, and the button's click unless it `submits`. */
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <>
      {error && <ErrorBanner error={error} onRetry={onConfirm} />}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type={submits ? "submit" : "button"}
          className={`button button-${tone}`}
          data-testid="confirm"
          disabled={busy || disabled}
          aria-busy={busy}
          onClick={submits ? undefined : onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </>
  );
}
