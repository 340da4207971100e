// Asks for the copy's name and duplicates the journey. A refused name keeps what was typed.
import { useId, useState, type FormEvent } from "react";

import { duplicateJourney, toApiError, type ApiError } from "../api";
import { Dialog } from "../Dialog";
import { ErrorBanner } from "../ErrorBanner";

export function DuplicateJourneyDialog({
  name,
  onDuplicated,
  onClose,
}: {
  name: string;
  onDuplicated: (newName: string) => void;
  onClose: () => void;
}) {
  const [newName, setNewName] = useState(`${name}_copy`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const nameId = useId();

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    duplicateJourney(name, newName.trim()).then(
      (journey) => onDuplicated(journey.name),
      (err: unknown) => {
        setBusy(false);
        setError(toApiError(err));
      },
    );
  };

  return (
    <Dialog title={`Duplicate ${name}`} onClose={onClose} testId="duplicate-journey-dialog">
      <form className="dialog-form" onSubmit={submit}>
        <label htmlFor={nameId}>Name of the copy</label>
        <input
          id={nameId}
          value={newName}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setNewName(e.target.value)}
        />
        {error && <ErrorBanner error={error} onRetry={submit} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="confirm"
            disabled={busy || newName.trim() === ""}
            aria-busy={busy}
          >
            Duplicate
          </button>
        </div>
      </form>
    </Dialog>
  );
}
