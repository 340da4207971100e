// The side panel for the one selected activity: its label, its configuration form,
// where its ports lead, and Rust's diagnostics for it (under the field they concern, the
// rest at the top). On a published version everything is shown disabled.
import { useId, useMemo } from "react";

import type { Activity } from "../../bindings/Activity";
import type { Diagnostic } from "../../bindings/Diagnostic";
import { defaultLabel, kindLabel, outputPorts } from "../../canvas/mapping";
import { useCatalog, useDesigner, useDesignerStore } from "../DesignerContext";
import { notAt } from "../diagnostics";
import { mappingRows } from "../fieldPaths";
import { ActivityForm } from "./ActivityForm";
import { DiagnosticList } from "./FieldErrors";
import { inlinePaths } from "./inlinePaths";
import { OutputsSection } from "./OutputsSection";

const NONE: Diagnostic[] = [];

export function Inspector({ readOnly }: { readOnly: boolean }) {
  const store = useDesignerStore();
  const { actions } = useCatalog();
  const count = useDesigner((s) => s.selection.nodes.length);
  const node = useDesigner((s) => (s.selection.nodes.length === 1 ? s.nodes.find((n) => n.id === s.selection.nodes[0]) : undefined));
  const diagnostics = useDesigner((s) => (node ? s.diagnosticsByNode[node.id] : undefined)) ?? NONE;
  const headingId = useId();
  const labelId = useId();

  const general = useMemo(() => {
    if (!node) return NONE;
    const a = node.activity;
    const keys = a.type === "action" ? mappingRows(actions.find((d) => d.name === a.action), a.mapping).map((r) => r.key) : [];
    return notAt(diagnostics, inlinePaths(a, keys));
  }, [node, diagnostics, actions]);

  if (!node) {
    return (
      <section className="inspector inspector-empty" aria-label="Inspector">
        <p className="empty">{count > 1 ? `${count} activities selected.` : "Select an activity to configure it."}</p>
      </section>
    );
  }

  const update = (activity: Activity, field: string) => store.getState().updateActivity(node.id, activity, field);

  return (
    <section className="inspector" data-testid="inspector" data-node={node.id} aria-labelledby={headingId}>
      <h3 id={headingId}>
        {kindLabel(node.activity.type)} <code className="inspector-id">{node.id}</code>
      </h3>
      <fieldset className="inspector-form" disabled={readOnly}>
        <div className="field">
          <label htmlFor={labelId}>Label</label>
          <input
            id={labelId}
            data-testid="node-label"
            value={node.label ?? ""}
            placeholder={defaultLabel(node.activity)}
            onChange={(e) => store.getState().setLabel(node.id, e.target.value)}
          />
        </div>
        <DiagnosticList diagnostics={general} label="Problems of this activity" />
        <ActivityForm key={node.id} nodeId={node.id} activity={node.activity} diagnostics={diagnostics} update={update} />
        <OutputsSection nodeId={node.id} ports={outputPorts(node.activity)} />
      </fieldset>
    </section>
  );
}
