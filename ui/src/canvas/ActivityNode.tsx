// One activity on the canvas: kind, label, problem badge, test-run count, and a source
// handle per output port. Memoized: React Flow hands it the same data object until the
// node itself changes (see flowElements.ts), so large journeys stay fast.
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef } from "react";

import { plural } from "../model";
import { kindLabel, NODE_HEIGHT, nodeWidth, type JourneyFlowNode } from "./mapping";


// `isConnectable` is false on a published version (the flow's nodesConnectable).
function ActivityNodeView({ id, data, selected, isConnectable }: NodeProps<JourneyFlowNode>) {
  const errors = data.diagnostics.filter((d) => d.severity === "error");
  const warnings = data.diagnostics.filter((d) => d.severity === "warning");
  const messages = data.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n");
  const n = data.ports.length;
  // React Flow measures handles when a node mounts or resizes; a port added in place (an
  // error path ticked, a condition path added at the same width) must be re-measured, or
  // the edge connected to it is not drawn.
  const updateInternals = useUpdateNodeInternals();
  const portKey = data.ports.join("\n");
  const measured = useRef(portKey);
  useEffect(() => {
    // Not on mount (React Flow measures then; a large journey mounts thousands of nodes).
    if (measured.current === portKey) return;
    measured.current = portKey;
    updateInternals(id);
  }, [id, portKey, updateInternals]);

  return (
    <div
      className={`journey-node kind-${data.kind}${selected ? " selected" : ""}${errors.length > 0 ? " has-errors" : ""}${data.lit ? " lit" : ""}${data.diff ? ` diff-${data.diff}` : ""}`}
      data-testid="canvas-node"
      data-id={id}
      data-lit={data.lit ? "true" : undefined}
      data-diff={data.diff}
      style={{ width: nodeWidth(data.ports), minHeight: NODE_HEIGHT }}
    >
      {data.kind !== "entry" && <Handle type="target" position={Position.Top} isConnectable={isConnectable} />}
      <div className="journey-node-kind">
        {kindLabel(data.kind)}
        {data.diff && <span className="diff-tag">{data.diff}</span>}
      </div>
      <div className="journey-node-label">{data.label}</div>
      {errors.length > 0 && (
        <span
          className="node-badge node-badge-error"
          data-testid="node-problems"
          title={messages}
          aria-label={`${plural(errors.length, "error")}: ${messages}`}
        >
          {errors.length}
        </span>
      )}
      {errors.length === 0 && warnings.length > 0 && (
        <span
          className="node-badge node-badge-warning"
          data-testid="node-warnings"
          title={messages}
          aria-label={`${plural(warnings.length, "warning")}: ${messages}`}
        >
          {warnings.length}
        </span>
      )}
      {data.count !== undefined && (
        <span
          className="node-count"
          data-testid="node-count"
          title={`Entered ${plural(data.count, "time")} in the test run`}
        >
          {data.count}
        </span>
      )}
      {n > 0 && (
        <div className="journey-node-ports">
          {data.ports.map((port, i) => (
            <Handle
              key={port}
              type="source"
              position={Position.Bottom}
              id={port}
              isConnectable={isConnectable}
              style={{ left: `${((i + 1) / (n + 1)) * 100}%` }}
              title={port}
            >
              <span className="port-label">{port}</span>
            </Handle>
          ))}
        </div>
      )}
    </div>
  );
}

export const ActivityNode = memo(ActivityNodeView);
