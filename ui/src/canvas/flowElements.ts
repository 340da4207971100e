// Builds the nodes and edges handed to React Flow from the designer's state, reusing the
// previous object for every element whose inputs did not change. React Flow skips
// elements whose object is identical, so typing in the inspector re-renders one node,
// not a thousand.
import type { Diagnostic } from "../bindings/Diagnostic";
import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import type { Position } from "../bindings/Position";
import type { DiffMarks, Size } from "../designer/store";
import { edgeKey } from "../designer/analysis/volumes";
import {
  edgeId,
  toFlowEdge,
  toFlowNode,
  type JourneyFlowEdge,
  type JourneyFlowNode,
  type JourneyNodeData,
} from "./mapping";

const NO_DIAGNOSTICS: Diagnostic[] = [];

export type NodeInputs = {
  selected: ReadonlySet<string>;
  dragging: Readonly<Record<string, Position>> | null;
  measured: Readonly<Record<string, Size>>;
  diagnostics: Readonly<Record<string, Diagnostic[]>>;
  counts: Readonly<Record<string, number>> | undefined;
  lit: ReadonlySet<string> | undefined;
  /** Far out on a large journey the far view draws everything (see FarView). */
  hidden?: boolean;
  /** The diff view's marks, by activity id. */
  diff?: DiffMarks["nodes"];
};

type NodeKey = {
  node: Node;
  selected: boolean;
  position: Position;
  measured: Size | undefined;
  diagnostics: Diagnostic[];
  count: number | undefined;
  lit: boolean;
  hidden: boolean;
  diff: JourneyNodeData["diff"];
};

type EdgeKey = {
  edge: Edge;
  selected: boolean;
  lit: boolean;
  volume: string | undefined;
  never: boolean;
  hidden: boolean;
  diff: "added" | "removed" | undefined;
};

/** Analysis results for edges, keyed `${nodeId}:${port}` (see designer/analysis), and
 * the diff view's marks by edge id. */
export type EdgeAnalysis = {
  volumes?: ReadonlyMap<string, string> | null;
  neverTaken?: ReadonlySet<string> | null;
  diff?: DiffMarks["edges"] | null;
};

function sameKeys<T extends object>(a: T, b: T): boolean {
  return (Object.keys(a) as (keyof T)[]).every((k) => a[k] === b[k]);
}

export function createFlowCache() {
  let nodeCache = new Map<string, { key: NodeKey; flow: JourneyFlowNode }>();
  let edgeCache = new Map<string, { key: EdgeKey; flow: JourneyFlowEdge }>();

  function nodes(model: readonly Node[], inputs: NodeInputs): JourneyFlowNode[] {
    const next = new Map<string, { key: NodeKey; flow: JourneyFlowNode }>();
    const result = model.map((node) => {
      const key: NodeKey = {
        node,
        selected: inputs.selected.has(node.id),
        position: inputs.dragging?.[node.id] ?? node.position,
        measured: inputs.measured[node.id],
        diagnostics: inputs.diagnostics[node.id] ?? NO_DIAGNOSTICS,
        count: inputs.counts?.[node.id],
        lit: inputs.lit?.has(node.id) ?? false,
        hidden: inputs.hidden ?? false,
        diff: inputs.diff?.[node.id],
      };
      const cached = nodeCache.get(node.id);
      if (cached && sameKeys(cached.key, key)) {
        next.set(node.id, cached);
        return cached.flow;
      }
      const base = toFlowNode(node, key.diagnostics);
      const flow: JourneyFlowNode = {
        ...base,
        position: { x: key.position.x, y: key.position.y },
        selected: key.selected,
        data: { ...base.data, count: key.count, lit: key.lit, ...(key.diff ? { diff: key.diff } : {}) },
        ...(key.measured ? { measured: key.measured } : {}),
        ...(key.hidden ? { hidden: true } : {}),
      };
      next.set(node.id, { key, flow });
      return flow;
    });
    nodeCache = next;
    return result;
  }

  function edges(
    model: readonly Edge[],
    selected: ReadonlySet<string>,
    lit: ReadonlySet<string> | undefined,
    analysis: EdgeAnalysis = {},
    hidden = false,
  ) {
    const next = new Map<string, { key: EdgeKey; flow: JourneyFlowEdge }>();
    const result = model.map((edge) => {
      const id = edgeId(edge.from, edge.port, edge.to);
      const port = edgeKey(edge.from, edge.port);
      const key: EdgeKey = {
        edge,
        selected: selected.has(id),
        lit: lit?.has(id) ?? false,
        volume: analysis.volumes?.get(port),
        never: analysis.neverTaken?.has(port) ?? false,
        hidden,
        diff: analysis.diff?.[id],
      };
      const cached = edgeCache.get(id);
      if (cached && sameKeys(cached.key, key)) {
        next.set(id, cached);
        return cached.flow;
      }
      const flow: JourneyFlowEdge = {
        ...toFlowEdge(edge),
        selected: key.selected,
        animated: key.lit,
        ...(key.hidden ? { hidden: true } : {}),
        ...(key.volume !== undefined ? { label: key.volume } : {}),
        ...(key.lit || key.never || key.diff
          ? {
              className: [key.lit && "edge-lit", key.never && "edge-never", key.diff && `edge-${key.diff}`]
                .filter(Boolean)
                .join(" "),
            }
          : {}),
      };
      next.set(id, { key, flow });
      return flow;
    });
    edgeCache = next;
    return result;
  }

  return { nodes, edges };
}
