// Asks for a new journey's name and description, creates it (an empty draft) and hands
// its name back so the app can open it. A refused name keeps everything typed.
import { useId, useState, type FormEvent } from "react";

import { createJourney, toApiError, type ApiError } from "../api";
import { Dialog } from "../Dialog";
import { ErrorBanner } from "../ErrorBanner";

export function NewJourneyDialog({ onCreated, onClose }: { onCreated: (name: string) => void; onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const nameId = useId();
  const hintId = useId();
  const descriptionId = useId();

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    createJourney(name.trim(), description.trim()).then(
      (journey) => onCreated(journey.name),
      (err: unknown) => {
        setBusy(false);
        setError(toApiError(err));
      },
    );
  };

  return (
    <Dialog title="New journey" onClose={onClose} testId="new-journey-dialog">
      <form className="dialog-form" onSubmit={submit}>
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          value={name}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hintId}
          onChange={(e) => setName(e.target.value)}
        />
        <p id={hintId} className="hint">
          Letters, digits and underscores: expressions and jumps refer to journeys by name.
        </p>
        <label htmlFor={descriptionId}>Description</label>
        <textarea id={descriptionId} value={description} rows={3} onChange={(e) => setDescription(e.target.value)} />
        {error && <ErrorBanner error={error} onRetry={submit} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="confirm"
            disabled={busy || name.trim() === ""}
            aria-busy={busy}
          >
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
