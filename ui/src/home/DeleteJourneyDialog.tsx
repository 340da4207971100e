// Confirms the deletion of a journey; Rust refuses (IN_USE, IMMUTABLE) when it must,
// and the refusal shows in the dialog.
import { useState } from "react";

import { deleteJourney, toApiError, type ApiError } from "../api";
import { ConfirmDialog } from "../ConfirmDialog";

export function DeleteJourneyDialog({
  name,
  onDeleted,
  onClose,
}: {
  name: string;
  onDeleted: () => void;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const confirm = () => {
    setBusy(true);
    setError(null);
    deleteJourney(name).then(onDeleted, (err: unknown) => {
      setBusy(false);
      setError(toApiError(err));
    });
  };

  return (
    <ConfirmDialog
      title={`Delete ${name}?`}
      confirmLabel="Delete"
      busy={busy}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>The journey and all its versions are deleted. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
