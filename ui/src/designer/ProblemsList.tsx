// Every diagnostic of the draft, errors first. Choosing one selects its node and brings
// it to the centre of the view.
import { useId, useMemo } from "react";

import { useDesigner } from "./DesignerContext";
import { errorsFirst } from "./diagnostics";

export function ProblemsList({ onFocusNode, note }: { onFocusNode: (id: string) => void; note: string | null }) {
  const diagnostics = useDesigner((s) => s.diagnostics);
  const sorted = useMemo(() => errorsFirst(diagnostics), [diagnostics]);
  const headingId = useId();

  return (
    <section className="canvas-problems" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Problems <span className="count">{diagnostics.length}</span>
      </h3>
      {note && (
        <p className="side-note" role="status">
          {note}
        </p>
      )}
      {sorted.length === 0 ? (
        <p className="empty">No problems.</p>
      ) : (
        <ul>
          {sorted.map((d, i) => (
            <li key={`${d.code}-${d.node ?? ""}-${d.path}-${i}`}>
              <button
                type="button"
                className={`problem problem-${d.severity}`}
                data-testid="problem"
                data-node={d.node ?? ""}
                disabled={d.node === undefined}
                onClick={() => d.node !== undefined && onFocusNode(d.node)}
              >
                <span className="problem-code">{d.code}</span>
                {d.node !== undefined && <span className="problem-node">{d.node}</span>}
                <span className="problem-message">{d.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
