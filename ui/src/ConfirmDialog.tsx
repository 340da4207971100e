// "Are you sure?" for actions that cannot be undone. The failure of the action shows
// inside the dialog, which stays open so the user can retry or cancel.
import type { ReactNode } from "react";

import type { ApiError } from "./api";
import { Dialog } from "./Dialog";
import { DialogActions } from "./DialogActions";

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy = false,
  error = null,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: ApiError | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">{children}</div>
      <DialogActions
        confirmLabel={confirmLabel}
        tone="danger"
        busy={busy}
        error={error}
        onConfirm={onConfirm}
        onClose={onClose}
      />
    </Dialog>
  );
}
