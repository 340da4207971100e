// Where to start, on a workspace nobody has started working in: business users open a
// sample journey or create one; technical users start with the events journeys listen for.
import type { ConfigKind } from "../model";
import "./home.css";

export function FirstRunHint({
  onOpenConfig,
  onDismiss,
}: {
  onOpenConfig: (kind: ConfigKind) => void;
  onDismiss: () => void;
}) {
  return (
    <aside className="first-run-hint" aria-label="Where to start" data-testid="first-run-hint">
      <p>
        <strong>Where to start:</strong> open a sample journey below, or create one with <em>New journey</em>. Technical
        users start with{" "}
        <button type="button" className="link-button" data-testid="first-run-events" onClick={() => onOpenConfig("event")}>
          Events
        </button>
        : the events journeys listen for, then data sources and actions.
      </p>
      <button type="button" className="button button-small" data-testid="first-run-dismiss" onClick={onDismiss}>
        Got it
      </button>
    </aside>
  );
}
