// Asks for a new journey's name and description, creates it (an empty draft) and hands
// its name back so the app can open it. A refused name keeps everything typed.
import { useId, useState } from "react";

import { createJourney } from "../api";
import { Dialog } from "../Dialog";
import { DialogActions } from "../DialogActions";
import { useDialogAction } from "./useDialogAction";

export function NewJourneyDialog({ onCreated, onClose }: { onCreated: (name: string) => void; onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const { busy, error, run } = useDialogAction(
    () => createJourney(name.trim(), description.trim()),
    (journey) => onCreated(journey.name),
  );
  const nameId = useId();
  const hintId = useId();
  const descriptionId = useId();

  return (
    <Dialog title="New journey" onClose={onClose} testId="new-journey-dialog">
      <form className="dialog-form" onSubmit={run}>
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
        <DialogActions
          confirmLabel="Create"
          tone="primary"
          submits
          busy={busy}
          disabled={name.trim() === ""}
          error={error}
          onConfirm={run}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
