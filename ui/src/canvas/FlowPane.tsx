// The editable React Flow surface. The designer store is the single source of truth:
// React Flow reports changes (drags, selection, sizes, new connections) and the store
// decides; the nodes and edges drawn are derived from it through the flow cache.
import {
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type ReactFlowInstance,
  type ReactFlowState,
  useStore,
  useStoreApi,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useState, type DragEvent, type MouseEvent } from "react";

import type { Position } from "../bindings/Position";
import { isActivityKind, PALETTE_MIME } from "../designer/activities";
import { useDesigner, useDesignerStore } from "../designer/DesignerContext";
import { checkConnection } from "../designer/graphRules";
import type { Size } from "../designer/store";
import { ActivityNode } from "./ActivityNode";
import { buildFarScene, boxAt } from "./farScene";
import { FarView } from "./FarView";
import { fitPadding } from "./fitPadding";
import { createFlowCache } from "./flowElements";
import type { JourneyFlowEdge, JourneyFlowNode } from "./mapping";
import { OverviewMap } from "./OverviewMap";
import { entryOf, openingViewport } from "./startOfJourney";
import { useAddActivity } from "./useAddActivity";

const nodeTypes: NodeTypes = { activity: ActivityNode };

/** Shift adds to the selection as the brief and most editors do; Ctrl/Cmd as React Flow does. */
const MULTI_SELECT_KEYS = ["Shift", "Meta", "Control"];

/** How long a refused connection's reason stays on screen once the drag is over. */
const HINT_MS = 2500;

/**
 * Zoom-to-fit never magnifies past 100 %: a small journey stays at its natural size. It
 * leaves the minimap's strip free (fitPadding).
 */
const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: fitPadding(true) };
const FIT_VIEW_OPTIONS_NO_MAP = { maxZoom: 1, padding: fitPadding(false) };

/**
 * Past this many activities only what is on screen is drawn, and the view opens on the
 * start of the journey at a readable zoom rather than on all of it: drawing a thousand
 * activities at once is what makes opening and panning slow (see docs/benchmarks.md).
 */
export const LARGE_JOURNEY = 150;
/** Fit the view to every activity, including those the far view hides from React Flow. */
const CONTROLS_FIT = { ...FIT_VIEW_OPTIONS, includeHiddenNodes: true };
const CONTROLS_FIT_NO_MAP = { ...FIT_VIEW_OPTIONS_NO_MAP, includeHiddenNodes: true };
const NO_IDS: ReadonlySet<string> = new Set();

/**
 * Below this zoom, a large journey is drawn on one canvas as plain boxes and lines (see
 * FarView): its text is too small to read there, and painting a thousand DOM nodes and SVG
 * edges on every frame is what made panning and zooming slow.
 */
export const FAR_ZOOM = 0.45;
const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

export function FlowPane({ readOnly, minimap = true }: { readOnly: boolean; minimap?: boolean }) {
  const store = useDesignerStore();
  const nodes = useDesigner((s) => s.nodes);
  const edges = useDesigner((s) => s.edges);
  const selection = useDesigner((s) => s.selection);
  const dragging = useDesigner((s) => s.dragging);
  const measured = useDesigner((s) => s.measured);
  const diagnostics = useDesigner((s) => s.diagnosticsByNode);
  const highlight = useDesigner((s) => s.highlight);
  const analysis = useDesigner((s) => s.analysis);
  const diff = useDesigner((s) => s.diff);
  const [cache] = useState(createFlowCache);
  const large = nodes.length > LARGE_JOURNEY;
  // Re-renders only when the zoom crosses the threshold.
  const far = useStore(isFar);
  const farView = far && large;
  // React Flow's nodes stay until the far view's picture is on screen, so that crossing
  // FAR_ZOOM never shows an empty canvas (nor one at all if the picture cannot be drawn).
  const [farShown, setFarShown] = useState(false);
  const hideNodes = farView && farShown;
  const { screenToFlowPosition } = useReactFlow();
  // Decided once, when the journey opens: later edits must not move the view. A small
  // journey is fitted; a large one opens on its entry (see startOfJourney).
  const [opensLarge] = useState(large);
  const flowStore = useStoreApi();
  const onInit = useCallback(
    (flow: ReactFlowInstance<JourneyFlowNode, JourneyFlowEdge>) => {
      const entry = opensLarge ? entryOf(store.getState().nodes) : undefined;
      if (entry) void flow.setViewport(openingViewport(entry, flowStore.getState().width));
    },
    [opensLarge, store, flowStore],
  );
  const [hint, setHint] = useState<string | null>(null);
  const [connecting, setConnecting] = useState(false);
  const { addAt } = useAddActivity();

  const selectedNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const flowNodes = useMemo(
    () =>
      cache.nodes(nodes, {
        selected: selectedNodes,
        dragging,
        measured,
        diagnostics,
        counts: highlight?.counts,
        lit: highlight?.nodes,
        hidden: hideNodes,
        diff: diff?.nodes,
      }),
    [cache, nodes, selectedNodes, dragging, measured, diagnostics, highlight, hideNodes, diff],
  );
  const edgeAnalysis = useMemo(() => ({ ...analysis, diff: diff?.edges }), [analysis, diff]);
  const flowEdges = useMemo(
    () => cache.edges(edges, selectedEdges, highlight?.edges, edgeAnalysis, hideNodes),
    [cache, edges, selectedEdges, highlight, edgeAnalysis, hideNodes],
  );
  // Only large journeys have a far view and an overview map. The map leaves out what
  // changes often (selection, a drag in progress) so that it is not redrawn for it.
  const errorIds = useMemo(
    () =>
      new Set(
        Object.entries(diagnostics)
          .filter(([, list]) => list.some((d) => d.severity === "error"))
          .map(([id]) => id),
      ),
    [diagnostics],
  );
  const overview = useMemo(
    () =>
      large && minimap
        ? buildFarScene({
            nodes,
            edges,
            measured,
            dragging: null,
            selected: NO_IDS,
            errors: errorIds,
            litNodes: highlight?.nodes,
            litEdges: highlight?.edges,
          })
        : null,
    [large, minimap, nodes, edges, measured, errorIds, highlight],
  );
  const scene = useMemo(
    () =>
      farView
        ? buildFarScene({
            nodes,
            edges,
            measured,
            dragging,
            selected: selectedNodes,
            errors: errorIds,
            litNodes: highlight?.nodes,
            litEdges: highlight?.edges,
          })
        : null,
    [farView, nodes, edges, measured, dragging, selectedNodes, errorIds, highlight],
  );

  // In the far view the activities are pixels on a canvas: a click selects the one under it.
  const onPaneClick = useCallback(
    (e: MouseEvent) => {
      if (!farView || !scene) return;
      const id = boxAt(scene, screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      if (id === null) return;
      const before = store.getState().selection.nodes;
      const add = e.shiftKey || e.ctrlKey || e.metaKey;
      // React Flow clears the selection right after this handler (a click on the pane):
      // select once it has.
      queueMicrotask(() => store.getState().select({ nodes: add ? [...new Set([...before, id])] : [id], edges: [] }));
    },
    [farView, scene, screenToFlowPosition, store],
  );

  useEffect(() => {
    if (hint === null || connecting) return;
    const timer = setTimeout(() => setHint(null), HINT_MS);
    return () => clearTimeout(timer);
  }, [hint, connecting]);

  const onConnectStart = useCallback(() => {
    setHint(null);
    setConnecting(true);
  }, []);
  const onConnectEnd = useCallback(() => setConnecting(false), []);

  const onNodesChange = useCallback(
    (changes: NodeChange<JourneyFlowNode>[]) => {
      const s = store.getState();
      const moving = new Map<string, Position>();
      const dropped = new Map<string, Position>();
      const sizes: Record<string, Size> = {};
      let selected: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === "position" && c.position) (c.dragging ? moving : dropped).set(c.id, c.position);
        else if (c.type === "dimensions" && c.dimensions) sizes[c.id] = c.dimensions;
        else if (c.type === "select") {
          selected ??= new Set(s.selection.nodes);
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
      }
      if (Object.keys(sizes).length > 0) s.setMeasured(sizes);
      if (moving.size > 0) s.dragNodes(moving);
      if (dropped.size > 0) s.moveNodes(dropped);
      if (selected) s.select({ nodes: [...selected], edges: store.getState().selection.edges });
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<JourneyFlowEdge>[]) => {
      const s = store.getState();
      let selected: Set<string> | null = null;
      for (const c of changes) {
        if (c.type !== "select") continue;
        selected ??= new Set(s.selection.edges);
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
      if (selected) s.select({ nodes: s.selection.nodes, edges: [...selected] });
    },
    [store],
  );

  // Called by React Flow as the pointer reaches a handle: refusing here stops the drop
  // and tells the user why while they are still dragging.
  const isValidConnection: IsValidConnection<JourneyFlowEdge> = useCallback(
    (c) => {
      const { nodes, edges } = store.getState();
      const verdict = checkConnection(nodes, edges, { from: c.source, port: c.sourceHandle ?? "", to: c.target });
      setHint(verdict.ok ? null : verdict.message);
      return verdict.ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const verdict = store.getState().connect({ from: c.source, port: c.sourceHandle ?? "", to: c.target });
      setHint(verdict.ok ? null : verdict.message);
    },
    [store],
  );

  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  };

  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(PALETTE_MIME);
    if (readOnly || !isActivityKind(kind)) return;
    e.preventDefault();
    addAt(kind, { x: e.clientX, y: e.clientY });
  };

  return (
    <>
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesFocusable={!readOnly}
        // Deletion goes through the designer's own shortcut, as one undo step.
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onDragOver={onDragOver}
        onDrop={onDrop}
        minZoom={0.05}
        fitView={!opensLarge}
        fitViewOptions={minimap ? FIT_VIEW_OPTIONS : FIT_VIEW_OPTIONS_NO_MAP}
        onInit={onInit}
        // In the far view every node is hidden: deciding which are on screen each frame
        // would only re-render a thousand empty wrappers.
        onlyRenderVisibleElements={large && !hideNodes}
        onPaneClick={onPaneClick}
        data-nodes={nodes.length}
        className={farView ? "far" : undefined}
        proOptions={{ hideAttribution: true }}
      >

        {farView && scene && <FarView scene={scene} onShown={setFarShown} />}
        {minimap && (overview ? <OverviewMap scene={overview} /> : <MiniMap pannable zoomable position="top-right" />)}
        <Controls showInteractive={false} fitViewOptions={minimap ? CONTROLS_FIT : CONTROLS_FIT_NO_MAP} />
      </ReactFlow>
      <p className={`connection-hint${hint ? " visible" : ""}`} role="status" aria-live="polite" data-testid="connection-hint">
        {hint}
      </p>
    </>
  );
}
