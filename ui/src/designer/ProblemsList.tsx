// Every diagnostic of the draft, errors first. Choosing one selects its node and brings
// it to the centre of the view.
import { useId, useMemo } from "react";

import { useDesigner } from "./DesignerContext";
import { errorsFirst } from "./diagnostics";

export function ProblemsList({ onFocusNode, note }: { onFocusNode: (id: string) => void; note: string | null }) {
  const diagnostics = useDesigner((s) => s.diagnostics);
  // Keyed by what a problem is, not by its place in the list: when other problems come
  // and go (every validation), the button under the pointer or the keyboard focus stays
  // the same element instead of being replaced.
  const items = useMemo(() => {
    const seen = new Map<string, number>();
    return errorsFirst(diagnostics).map((d) => {
      const base = `${d.code}|${d.node ?? ""}|${d.path}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return { d, key: n === 0 ? base : `${base}|${n}` };
    });
  }, [diagnostics]);
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
      {items.length === 0 ? (
        <p className="empty">No problems.</p>
      ) : (
        <ul>
          {items.map(({ d, key }) => (
            <li key={key}>
              <button
                type="button"
                className={`problem problem-${d.severity}`}
                data-testid="problem"
                data-node={d.node ?? ""}
                data-code={d.code}
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
