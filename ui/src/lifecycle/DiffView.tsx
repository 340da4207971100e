// The diff between two versions on the canvas: the newer version's activities with what
// the older had and lost, marked added / removed / changed (colour and a tag), and the
// list of every change beside it (fields old → new, connections, properties, the
// configurations each version froze). Read-only, in a flow of its own.
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useMemo } from "react";

import { diffVersions, getJourney } from "../api";
import type { FieldChange } from "../bindings/FieldChange";
import type { VersionDiff } from "../bindings/VersionDiff";
import { FlowPane } from "../canvas/FlowPane";
import { DesignerProvider, useCatalog } from "../designer/DesignerContext";
import { createDesignerStore } from "../designer/store";
import { ErrorBanner } from "../ErrorBanner";
import { useLoaded } from "../useLoaded";
import { diffCanvas, diffSummary, valueText } from "./model";

const SIGN = { added: "+", removed: "−", changed: "~" } as const;

function Fields({ fields }: { fields: FieldChange[] }) {
  if (fields.length === 0) return null;
  return (
    <ul className="diff-fields">
      {fields.map((f) => (
        <li key={f.path}>
          <code>{f.path}</code>: <span className="diff-old">{valueText(f.old)}</span> →{" "}
          <span className="diff-new">{valueText(f.new)}</span>
        </li>
      ))}
    </ul>
  );
}

function ChangeList({ diff }: { diff: VersionDiff }) {
  return (
    <div className="diff-list" data-testid="diff-list">
      <p className="diff-summary" data-testid="diff-summary">
        {diffSummary(diff)}
      </p>
      {diff.activities.length > 0 && (
        <section>
          <h4>Activities</h4>
          <ul>
            {diff.activities.map((a) => (
              <li key={a.id} className={`diff-${a.change}`} data-testid="diff-activity" data-id={a.id} data-change={a.change}>
                {SIGN[a.change]} <strong>{a.label || a.id}</strong> <span className="muted">({a.kind})</span>
                <Fields fields={a.fields} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.edges.length > 0 && (
        <section>
          <h4>Connections</h4>
          <ul>
            {diff.edges.map((e) => (
              <li key={`${e.from}.${e.port}.${e.to}`} className={`diff-${e.change}`} data-testid="diff-edge">
                {SIGN[e.change]} {e.from}.{e.port} → {e.to}
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.properties.length > 0 && (
        <section>
          <h4>Properties</h4>
          <Fields fields={diff.properties} />
        </section>
      )}
      {diff.configurations.length > 0 && (
        <section>
          <h4>Configurations</h4>
          <ul>
            {diff.configurations.map((c) => (
              <li key={`${c.kind}:${c.name}`} className={`diff-${c.change}`} data-testid="diff-config" data-name={c.name}>
                {SIGN[c.change]} {c.kind} <code>{c.name}</code>
                <Fields fields={c.fields} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function DiffView({ journey, from, to }: { journey: string; from: number; to: number }) {
  const catalog = useCatalog();
  const load = useCallback(
    () => Promise.all([getJourney(journey), diffVersions(journey, from, to)]),
    [journey, from, to],
  );
  const { state, reload } = useLoaded(load);
  const designer = useMemo(() => {
    if (state.status !== "ready") return null;
    const [j, diff] = state.value;
    const a = j.versions.find((v) => v.version === from);
    const b = j.versions.find((v) => v.version === to);
    if (!a || !b) return null;
    const canvas = diffCanvas(a, b, diff);
    const store = createDesignerStore({ nodes: canvas.nodes, edges: canvas.edges, readOnly: true, diff: canvas.marks });
    return { value: { store, catalog, journey }, diff };
  }, [state, from, to, catalog, journey]);

  if (state.status === "error") return <ErrorBanner error={state.error} onRetry={reload} />;
  if (designer === null) {
    return (
      <p className="loading" role="status">
        Comparing v{from} with v{to}…
      </p>
    );
  }
  return (
    <div className="canvas-body diff-view" data-testid="diff-view" data-from={from} data-to={to}>
      <ReactFlowProvider>
        <DesignerProvider value={designer.value}>
          <div className="canvas-flow" data-testid="diff-canvas">
            <FlowPane readOnly minimap={false} />
          </div>
        </DesignerProvider>
      </ReactFlowProvider>
      <aside className="canvas-side">
        <h3>
          v{from} → v{to}
        </h3>
        <ChangeList diff={designer.diff} />
      </aside>
    </div>
  );
}
