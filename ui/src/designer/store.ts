// The open journey's draft and every edit the designer makes to it. One store per open
// journey (made by `createDesignerStore`), so undo history never leaks between journeys.
// zundo records `nodes`, `edges` and `settings` (the properties panel's journey
// properties, data lookups, description and tags) only: selection, drag previews,
// measured sizes, diagnostics and test highlights change without adding undo steps.
import { temporal, type TemporalState } from "zundo";
import { createStore, type StoreApi } from "zustand";

import type { Activity } from "../bindings/Activity";
import type { Diagnostic } from "../bindings/Diagnostic";
import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import type { Position } from "../bindings/Position";
import { edgeId, outputPorts, type ActivityKind } from "../canvas/mapping";
import { clearSpot, defaultActivity, uniqueNodeId, type Area, type CatalogNames } from "./activities";
import { copyNodes, pasteNodes, type Clipboard } from "./clipboard";
import { groupByNode, type ByNode } from "./diagnostics";
import { NO_SETTINGS, type Settings } from "./draft";
import { checkConnection, reconcilePorts, type Connection, type Verdict } from "./graphRules";

export type Size = { width: number; height: number };

export type Selection = { nodes: readonly string[]; edges: readonly string[] };

/** What a test run lit up: entries per node, visited nodes, edge ids taken. */
export type Highlight = {
  counts: Readonly<Record<string, number>>;
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
};

/** What a what-if run (people per edge) and a coverage run (edges never taken) found. */
export type Analysis = {
  volumes: ReadonlyMap<string, string> | null;
  neverTaken: ReadonlySet<string> | null;
};

export const NO_ANALYSIS: Analysis = { volumes: null, neverTaken: null };

type History = { nodes: Node[]; edges: Edge[]; settings: Settings };

/** zundo types the store inside the creator with an `unknown` temporal; this is its real type. */
type WithHistory = { temporal: StoreApi<TemporalState<History>> };

export type DesignerState = History & {
  readOnly: boolean;
  selection: Selection;
  /** Positions of nodes being dragged; committed to `nodes` (one undo step) on drop. */
  dragging: Readonly<Record<string, Position>> | null;
  /** Sizes React Flow measured, handed back to it with the nodes (controlled flow). */
  measured: Readonly<Record<string, Size>>;
  diagnostics: Diagnostic[];
  diagnosticsByNode: ByNode;
  highlight: Highlight | null;
  /** Results of analysis runs drawn on edges, keyed `${nodeId}:${port}`. */
  analysis: Analysis;
  diff: DiffMarks | null;

  /** Adds a node of `kind` near `at` and selects it; returns its id (null when read-only). */
  /** Adds an activity at `at`, or the nearest free spot (in `inView`, when given). */
  addNode: (kind: ActivityKind, at: Position, catalog: CatalogNames, inView?: Area) => string | null;
  dragNodes: (positions: ReadonlyMap<string, Position>) => void;
  moveNodes: (positions: ReadonlyMap<string, Position>) => void;
  /** Rearranges every node; allowed on a read-only journey too, as a view that is never saved. */
  applyLayout: (positions: ReadonlyMap<string, Position>) => void;
  connect: (c: Connection) => Verdict;
  /** Points `port` of `from` at `to` (or nowhere): the inspector's keyboard way to connect. */
  setPortTarget: (from: string, port: string, to: string | null) => Verdict;
  deleteSelection: () => void;
  /** Edits an activity; consecutive edits of one `field` within a second are one undo step. */
  updateActivity: (id: string, activity: Activity, field: string) => void;
  setLabel: (id: string, label: string) => void;
  /** Edits the journey's settings; consecutive edits of one `field` within a second are one undo step. */
  updateSettings: (patch: Partial<Settings>, field: string) => void;
  copySelection: () => Clipboard | null;
  paste: (clip: Clipboard) => void;
  select: (selection: Selection) => void;
  setMeasured: (sizes: Readonly<Record<string, Size>>) => void;
  /** Shows `list` if it was computed for the current nodes and edges (and `settings`, when
   * given); drops stale answers. */
  acceptDiagnostics: (nodes: readonly Node[], edges: readonly Edge[], list: Diagnostic[], settings?: Settings) => void;
  setHighlight: (highlight: Highlight | null) => void;
  setAnalysis: (patch: Partial<Analysis>) => void;
  undo: () => void;
  redo: () => void;
};

/** A diff drawn on the canvas: what changed per activity and per connection (edge id). */
export type DiffMarks = {
  nodes: Readonly<Record<string, "added" | "removed" | "changed">>;
  edges: Readonly<Record<string, "added" | "removed">>;
};

export type DesignerInit = {
  nodes: Node[];
  edges: Edge[];
  /** The properties panel's part of the journey; Rust's defaults when not given (the diff view). */
  settings?: Settings;
  readOnly: boolean;
  diagnostics?: Diagnostic[];
  /** Set for the diff view (a read-only store of both versions' activities). */
  diff?: DiffMarks;
};

/** Typing bursts shorter than this pause between keys are merged into one undo step. */
export const COALESCE_MS = 1000;

const NO_SELECTION: Selection = { nodes: [], edges: [] };
const READ_ONLY: Verdict = { ok: false, reason: "readOnly", message: "This version is read-only" };

function samePosition(a: Position, b: Position): boolean {
  return a.x === b.x && a.y === b.y;
}

export function createDesignerStore(init: DesignerInit) {
  const initialDiagnostics = init.diagnostics ?? [];
  const store = createStore<DesignerState>()(
    temporal(
      (set, get, api) => {
        let lastField: string | null = null;
        let lastAt = 0;
        const history = () => (api as unknown as WithHistory).temporal.getState();

        /** Sets draft state; `field` merges quick successive edits of one field into one step. */
        const commit = (next: Partial<DesignerState>, field: string | null = null) => {
          const now = Date.now();
          const merge = field !== null && field === lastField && now - lastAt < COALESCE_MS;
          lastField = field;
          lastAt = now;
          if (!merge) {
            set(next);
            return;
          }
          history().pause();
          set(next);
          history().resume();
        };

        const movedNodes = (positions: ReadonlyMap<string, Position>): Node[] | null => {
          let changed = false;
          const nodes = get().nodes.map((n) => {
            const p = positions.get(n.id);
            if (p === undefined || samePosition(p, n.position)) return n;
            changed = true;
            return { ...n, position: { x: p.x, y: p.y } };
          });
          return changed ? nodes : null;
        };

        const editable = () => !get().readOnly;

        /** After undo or redo, what is selected must still exist (the inspector and a
         * click that adds to the selection read it). */
        const keepExistingSelection = () => {
          const { nodes, edges, selection } = get();
          const nodeIds = new Set(nodes.map((n) => n.id));
          const edgeIds = new Set(edges.map((e) => edgeId(e.from, e.port, e.to)));
          const kept = {
            nodes: selection.nodes.filter((id) => nodeIds.has(id)),
            edges: selection.edges.filter((id) => edgeIds.has(id)),
          };
          if (kept.nodes.length !== selection.nodes.length || kept.edges.length !== selection.edges.length) {
            set({ selection: kept });
          }
        };

        return {
          nodes: init.nodes,
          edges: init.edges,
          settings: init.settings ?? NO_SETTINGS,
          readOnly: init.readOnly,
          selection: NO_SELECTION,
          dragging: null,
          measured: {},
          diagnostics: initialDiagnostics,
          diagnosticsByNode: groupByNode(initialDiagnostics),
          highlight: null,
          analysis: NO_ANALYSIS,
          diff: init.diff ?? null,

          addNode: (kind, at, catalog, inView) => {
            if (!editable()) return null;
            const { nodes } = get();
            const id = uniqueNodeId(kind, new Set(nodes.map((n) => n.id)));
            const position = clearSpot(at, nodes.map((n) => n.position), undefined, inView);
            const node: Node = { id, position, activity: defaultActivity(kind, catalog) };
            commit({ nodes: [...nodes, node], selection: { nodes: [id], edges: [] } });
            return id;
          },

          dragNodes: (positions) => {
            if (!editable()) return;
            set({ dragging: { ...get().dragging, ...Object.fromEntries(positions) } });
          },

          moveNodes: (positions) => {
            const nodes = editable() ? movedNodes(positions) : null;
            if (nodes) commit({ nodes, dragging: null });
            else set({ dragging: null });
          },

          applyLayout: (positions) => {
            const nodes = movedNodes(positions);
            if (nodes) commit({ nodes });
          },

          connect: (c) => {
            if (!editable()) return READ_ONLY;
            const { nodes, edges } = get();
            const verdict = checkConnection(nodes, edges, c);
            if (verdict.ok) commit({ edges: [...edges, { from: c.from, port: c.port, to: c.to }] });
            return verdict;
          },

          setPortTarget: (from, port, to) => {
            if (!editable()) return READ_ONLY;
            const { nodes, edges } = get();
            const others = edges.filter((e) => !(e.from === from && e.port === port));
            if (to === null) {
              if (others.length !== edges.length) commit({ edges: others });
              return { ok: true };
            }
            const verdict = checkConnection(nodes, others, { from, port, to });
            if (verdict.ok) commit({ edges: [...others, { from, port, to }] });
            return verdict;
          },

          deleteSelection: () => {
            if (!editable()) return;
            const { nodes, edges, selection } = get();
            const gone = new Set(selection.nodes);
            const goneEdges = new Set(selection.edges);
            if (gone.size === 0 && goneEdges.size === 0) return;
            commit({
              nodes: nodes.filter((n) => !gone.has(n.id)),
              edges: edges.filter(
                (e) => !gone.has(e.from) && !gone.has(e.to) && !goneEdges.has(edgeId(e.from, e.port, e.to)),
              ),
              selection: NO_SELECTION,
            });
          },

          updateActivity: (id, activity, field) => {
            if (!editable()) return;
            const { nodes, edges } = get();
            const before = nodes.find((n) => n.id === id);
            if (!before) return;
            commit(
              {
                nodes: nodes.map((n) => (n === before ? { ...n, activity } : n)),
                edges: reconcilePorts(edges, id, outputPorts(before.activity), outputPorts(activity)),
              },
              `${id}/activity/${field}`,
            );
          },

          setLabel: (id, label) => {
            if (!editable()) return;
            const nodes = get().nodes.map((n) => {
              if (n.id !== id) return n;
              const next: Node = { ...n, label };
              // Rust skips an empty label: keep the saved JSON the same shape.
              if (label === "") delete next.label;
              return next;
            });
            commit({ nodes }, `${id}/label`);
          },

          updateSettings: (patch, field) => {
            if (!editable()) return;
            commit({ settings: { ...get().settings, ...patch } }, `settings/${field}`);
          },

          copySelection: () => {
            const { nodes, edges, selection } = get();
            return copyNodes(nodes, edges, new Set(selection.nodes));
          },

          paste: (clip) => {
            if (!editable() || clip.nodes.length === 0) return;
            const { nodes, edges } = get();
            const pasted = pasteNodes(clip, new Set(nodes.map((n) => n.id)), nodes.map((n) => n.position));
            commit({
              nodes: [...nodes, ...pasted.nodes],
              edges: [...edges, ...pasted.edges],
              selection: { nodes: pasted.nodes.map((n) => n.id), edges: [] },
            });
          },

          select: (selection) => set({ selection }),

          setMeasured: (sizes) => set({ measured: { ...get().measured, ...sizes } }),

          acceptDiagnostics: (nodes, edges, list, settings) => {
            const state = get();
            if (state.nodes !== nodes || state.edges !== edges) return;
            if (settings !== undefined && state.settings !== settings) return;
            set({ diagnostics: list, diagnosticsByNode: groupByNode(list, state.diagnosticsByNode) });
          },

          setHighlight: (highlight) => set({ highlight }),

          setAnalysis: (patch) => set({ analysis: { ...get().analysis, ...patch } }),

          undo: () => {
            lastField = null;
            history().undo();
            keepExistingSelection();
          },

          redo: () => {
            lastField = null;
            history().redo();
            keepExistingSelection();
          },
        };
      },
      {
        partialize: (s): History => ({ nodes: s.nodes, edges: s.edges, settings: s.settings }),
        equality: (a, b) => a.nodes === b.nodes && a.edges === b.edges && a.settings === b.settings,
      },
    ),
  );
  // Nothing on a published version is saved, so nothing there is worth undoing.
  if (init.readOnly) store.temporal.getState().pause();
  return store;
}

export type DesignerStore = ReturnType<typeof createDesignerStore>;
