// Where each output port leads, as a menu per port: the keyboard way to connect and
// disconnect (dragging handles needs a pointer). Refused targets are listed, disabled,
// with the reason, so the rules are visible here too.
import { useId, useMemo } from "react";

import { useDesigner, useDesignerStore } from "../DesignerContext";
import { targetOptions } from "../graphRules";

export function OutputsSection({ nodeId, ports }: { nodeId: string; ports: string[] }) {
  const store = useDesignerStore();
  const nodes = useDesigner((s) => s.nodes);
  const edges = useDesigner((s) => s.edges);
  const options = useMemo(() => targetOptions(nodes, edges, nodeId), [nodes, edges, nodeId]);
  const idBase = useId();

  if (ports.length === 0) return null;
  return (
    <fieldset className="outputs" data-testid="outputs">
      <legend>Connections</legend>
      {ports.map((port) => {
        const id = `${idBase}-${port}`;
        const target = edges.find((e) => e.from === nodeId && e.port === port)?.to ?? "";
        return (
          <div className="field" key={port}>
            <label htmlFor={id}>
              <code>{port}</code> leads to
            </label>
            <select
              id={id}
              data-testid="port-target"
              data-port={port}
              value={target}
              onChange={(e) => store.getState().setPortTarget(nodeId, port, e.target.value === "" ? null : e.target.value)}
            >
              <option value="">(not connected)</option>
              {options.map((o) => (
                <option key={o.id} value={o.id} disabled={o.refusal !== null}>
                  {o.label === o.id ? o.id : `${o.label} (${o.id})`}
                  {o.refusal !== null ? ` — ${o.refusal}` : ""}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
