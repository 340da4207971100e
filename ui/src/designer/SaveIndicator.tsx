// The autosave state in the canvas header, announced politely to screen readers.
import type { SaveStatus } from "./autosave";

function text(status: SaveStatus): string {
  switch (status.state) {
    case "saving":
      return "Saving…";
    case "saved":
      return "Saved";
    case "dirty":
      return "Unsaved changes";
    case "error":
      return `Save failed: ${status.message}`;
  }
}

export function SaveIndicator({ status }: { status: SaveStatus }) {
  return (
    <span
      className={`save-state save-state-${status.state}`}
      data-testid="save-state"
      data-state={status.state}
      role="status"
      aria-live="polite"
    >
      {text(status)}
    </span>
  );
}
