// Confirms the deletion of a journey; Rust refuses (IN_USE, IMMUTABLE) when it must,
// and the refusal shows in the dialog.
import { deleteJourney } from "../api";
import { ConfirmDialog } from "../ConfirmDialog";
import { useDialogAction } from "./useDialogAction";

export function DeleteJourneyDialog({
  name,
  onDeleted,
  onClose,
}: {
  name: string;
  onDeleted: () => void;
  onClose: () => void;
}) {
  const { busy, error, run } = useDialogAction(() => deleteJourney(name), onDeleted);

  return (
    <ConfirmDialog
      title={`Delete ${name}?`}
      confirmLabel="Delete"
      busy={busy}
      error={error}
      onConfirm={run}
      onClose={onClose}
    >
      <p>The journey and all its versions are deleted. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
