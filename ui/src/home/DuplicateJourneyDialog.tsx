// Asks for the copy's name and duplicates the journey. A refused name keeps what was typed.
import { useId, useState } from "react";

import { duplicateJourney } from "../api";
import { Dialog } from "../Dialog";
import { DialogActions } from "../DialogActions";
import { useDialogAction } from "./useDialogAction";

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
  const { busy, error, run } = useDialogAction(
    () => duplicateJourney(name, newName.trim()),
    (journey) => onDuplicated(journey.name),
  );
  const nameId = useId();

  return (
    <Dialog title={`Duplicate ${name}`} onClose={onClose} testId="duplicate-journey-dialog">
      <form className="dialog-form" onSubmit={run}>
        <label htmlFor={nameId}>Name of the copy</label>
        <input
          id={nameId}
          value={newName}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setNewName(e.target.value)}
        />
        <DialogActions
          confirmLabel="Duplicate"
          tone="primary"
          submits
          busy={busy}
          disabled={newName.trim() === ""}
          error={error}
          onConfirm={run}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
