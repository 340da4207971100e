// Read-only journey canvas: the latest version of one journey drawn with
// @xyflow/react, its diagnostics on the nodes and in a side list.
import {
  Background,
  Controls,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type NodeProps,
  type NodeTypes,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useId, useMemo, useState } from "react";

import { getJourney, toApiError, validateJourney, type ApiError } from "../api";
import type { Diagnostic } from "../bindings/Diagnostic";
import type { Journey } from "../bindings/Journey";
import {
  autoLayout,
  kindLabel,
  latestVersion,
  NODE_HEIGHT,
  nodeWidth,
  toFlow,
  type JourneyFlowNode,
} from "./mapping";
import { ErrorBanner } from "../ErrorBanner";

type LoadState =
  | { kind: "loading" }
  | { kind: "error"; error: ApiError }
  | { kind: "ready"; journey: Journey; diagnostics: Diagnostic[] };

export default function JourneyCanvas({ name, onBack }: { name: string; onBack: () => void }) {
  const [state, setState] = useState<LoadState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    Promise.all([getJourney(name), validateJourney(name)]).then(
      ([journey, diagnostics]) => {
        if (!cancelled) setState({ kind: "ready", journey, diagnostics });
      },
      (e: unknown) => {
        if (!cancelled) setState({ kind: "error", error: toApiError(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [name, attempt]);

  const retry = () => {
    setState({ kind: "loading" });
    setAttempt((n) => n + 1);
  };

  return (
    <ReactFlowProvider>
      <div className="canvas-page">
        {state.kind === "ready" ? (
          <CanvasView key={`${name}#${attempt}`} journey={state.journey} diagnostics={state.diagnostics} onBack={onBack} />
        ) : (
          <>
            <Toolbar name={name} onBack={onBack} />
            {state.kind === "loading" && (
              <p className="loading" role="status" aria-live="polite">
                Loading journey…
              </p>
            )}
            {state.kind === "error" && <ErrorBanner error={state.error} onRetry={retry} />}
          </>
        )}
      </div>
    </ReactFlowProvider>
  );
}

function Toolbar({
  name,
  onBack,
  onAutoLayout,
  busy = false,
  version,
}: {
  name: string;
  onBack: () => void;
  onAutoLayout?: () => void;
  busy?: boolean;
  version?: number;
}) {
  return (
    <div className="canvas-toolbar">
      <button type="button" className="button" data-testid="back" onClick={onBack}>
        ← Back to journeys
      </button>
      <h2 className="canvas-title">
        {name}
        {version !== undefined && <span className="muted canvas-version"> v{version}</span>}
      </h2>
      {onAutoLayout && (
        <button
          type="button"
          className="button"
          data-testid="auto-layout"
          onClick={onAutoLayout}
          disabled={busy}
          aria-busy={busy}
        >
          Auto-layout
        </button>
      )}
    </div>
  );
}

const nodeTypes: NodeTypes = { activity: ActivityNode };

function CanvasView({
  journey,
  diagnostics,
  onBack,
}: {
  journey: Journey;
  diagnostics: Diagnostic[];
  onBack: () => void;
}) {
  const initial = useMemo(() => toFlow(journey, diagnostics), [journey, diagnostics]);
  const [nodes, setNodes, onNodesChange] = useNodesState<JourneyFlowNode>(initial.nodes);
  const [edges, , onEdgesChange] = useEdgesState(initial.edges);
  const [layoutBusy, setLayoutBusy] = useState(false);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const { fitView, setCenter } = useReactFlow<JourneyFlowNode>();
  const problemsHeadingId = useId();

  const runAutoLayout = useCallback(() => {
    setLayoutBusy(true);
    setLayoutError(null);
    autoLayout({ nodes, edges }).then(
      (positions) => {
        setNodes((current) =>
          current.map((n) => {
            const p = positions.get(n.id);
            return p ? { ...n, position: p } : n;
          }),
        );
        setLayoutBusy(false);
        requestAnimationFrame(() => void fitView({ duration: 200 }));
      },
      (e: unknown) => {
        setLayoutBusy(false);
        setLayoutError(toApiError(e).message);
      },
    );
  }, [nodes, edges, setNodes, fitView]);

  const focusNode = useCallback(
    (id: string) => {
      const node = nodes.find((n) => n.id === id);
      if (!node) return;
      setNodes((current) => current.map((n) => ({ ...n, selected: n.id === id })));
      const width = node.measured?.width ?? nodeWidth(node.data.ports);
      const height = node.measured?.height ?? NODE_HEIGHT;
      void setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: 1.2, duration: 200 });
    },
    [nodes, setNodes, setCenter],
  );

  const sorted = useMemo(
    () => [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1)),
    [diagnostics],
  );

  return (
    <>
      <Toolbar
        name={journey.name}
        onBack={onBack}
        onAutoLayout={runAutoLayout}
        busy={layoutBusy}
        version={latestVersion(journey)?.version}
      />
      {layoutError && (
        <p className="error-banner" role="alert">
          Auto-layout failed: {layoutError}
        </p>
      )}
      <div className="canvas-body">
        <div className="canvas-flow" data-testid="canvas">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            nodesConnectable={false}
            edgesFocusable={false}
            deleteKeyCode={null}
            fitView
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <MiniMap pannable zoomable />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <aside className="canvas-problems" aria-labelledby={problemsHeadingId}>
          <h3 id={problemsHeadingId}>
            Problems <span className="count">{diagnostics.length}</span>
          </h3>
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
                    onClick={() => d.node !== undefined && focusNode(d.node)}
                  >
                    <span className="problem-code">{d.code}</span>
                    {d.node !== undefined && <span className="problem-node">{d.node}</span>}
                    <span className="problem-message">{d.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </>
  );
}

function ActivityNode({ id, data, selected }: NodeProps<JourneyFlowNode>) {
  const errors = data.diagnostics.filter((d) => d.severity === "error");
  const warnings = data.diagnostics.filter((d) => d.severity === "warning");
  const messages = data.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n");
  const n = data.ports.length;

  return (
    <div
      className={`journey-node kind-${data.kind}${selected ? " selected" : ""}${errors.length > 0 ? " has-errors" : ""}`}
      data-testid="canvas-node"
      data-id={id}
      style={{ width: nodeWidth(data.ports), minHeight: NODE_HEIGHT }}
    >
      {data.kind !== "entry" && <Handle type="target" position={Position.Top} isConnectable={false} />}
      <div className="journey-node-kind">{kindLabel(data.kind)}</div>
      <div className="journey-node-label">{data.label}</div>
      {errors.length > 0 && (
        <span
          className="node-badge node-badge-error"
          data-testid="node-problems"
          title={messages}
          aria-label={`${errors.length} ${errors.length === 1 ? "error" : "errors"}: ${messages}`}
        >
          {errors.length}
        </span>
      )}
      {errors.length === 0 && warnings.length > 0 && (
        <span
          className="node-badge node-badge-warning"
          data-testid="node-warnings"
          title={messages}
          aria-label={`${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"}: ${messages}`}
        >
          {warnings.length}
        </span>
      )}
      {n > 0 && (
        <div className="journey-node-ports">
          {data.ports.map((port, i) => {
            const left = `${((i + 1) / (n + 1)) * 100}%`;
            return (
              <Handle
                key={port}
                type="source"
                position={Position.Bottom}
                id={port}
                isConnectable={false}
                style={{ left }}
                title={port}
              >
                <span className="port-label">{port}</span>
              </Handle>
            );
          })}
        </div>
      )}
    </div>
  );
}
