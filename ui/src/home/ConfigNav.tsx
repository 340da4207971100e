// The configurations one click from the top of the home, whatever the length of the
// journeys list above their own section: each kind with its count.
import type { ConfigKind, ConfigSection } from "../model";
import "./home.css";

export function ConfigNav({ sections, onManage }: { sections: ConfigSection[]; onManage: (kind: ConfigKind) => void }) {
  return (
    <nav className="config-nav" aria-label="Configurations" data-testid="config-nav">
      <span className="muted">Configurations:</span>
      {sections.map((s) => (
        <button
          key={s.kind}
          type="button"
          className="button button-small"
          data-testid="nav-config"
          data-kind={s.kind}
          onClick={() => onManage(s.kind)}
        >
          {s.title} <span className="count">{s.items.length}</span>
        </button>
      ))}
    </nav>
  );
}
