// The canvas header: back, the journey's name and version, the save state, and the
// commands that have a button (undo, redo, auto-layout, test panel, help).
import type { ReactNode } from "react";

export function CanvasToolbar({
  name,
  version,
  onBack,
  backBusy = false,
  children,
}: {
  name: string;
  version?: number;
  onBack: () => void;
  backBusy?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="canvas-toolbar">
      <button type="button" className="button" data-testid="back" onClick={onBack} disabled={backBusy} aria-busy={backBusy} title="Back to the journeys">
        {backBusy ? "Saving…" : "← Journeys"}
      </button>
      <h2 className="canvas-title">
        {name}
        {version !== undefined && <span className="muted canvas-version"> v{version}</span>}
      </h2>
      {children}
    </div>
  );
}
