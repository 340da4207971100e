// The far view of a large journey as plain geometry: one box per activity, one line per
// connection, in flow coordinates. Far out (FAR_ZOOM), a canvas draws this scene instead
// of a thousand DOM nodes and SVG edges, which WebKit repaints in full on every frame
// of a pan or zoom (docs/benchmarks.md). Pure: unit tested in farScene.test.ts.
import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import type { Position } from "../bindings/Position";
import type { Size } from "../designer/store";
import { edgeId, NODE_HEIGHT, nodeWidth, outputPorts, type ActivityKind } from "./mapping";

/** What a box must show from afar, in order of precedence. */
export type FarState = "plain" | "error" | "lit";

export type FarBox = {
  id: string;
  kind: ActivityKind;
  x: number;
  y: number;
  w: number;
  h: number;
  state: FarState;
  selected: boolean;
};

export type FarLine = { x1: number; y1: number; x2: number; y2: number; lit: boolean };

export type FarScene = { boxes: FarBox[]; lines: FarLine[] };

export type FarInputs = {
  nodes: readonly Node[];
  edges: readonly Edge[];
  measured: Readonly<Record<string, Size>>;
  dragging: Readonly<Record<string, Position>> | null;
  selected: ReadonlySet<string>;
  errors: ReadonlySet<string>;
  litNodes: ReadonlySet<string> | undefined;
  /** Ids (mapping.edgeId) of the edges a test run took. */
  litEdges: ReadonlySet<string> | undefined;
};

export function buildFarScene(inputs: FarInputs): FarScene {
  const byId = new Map<string, { box: FarBox; ports: string[] }>();
  const boxes = inputs.nodes.map((node) => {
    const ports = outputPorts(node.activity);
    const size = inputs.measured[node.id];
    const position = inputs.dragging?.[node.id] ?? node.position;
    const box: FarBox = {
      id: node.id,
      kind: node.activity.type,
      x: position.x,
      y: position.y,
      w: size?.width ?? nodeWidth(ports),
      h: size?.height ?? NODE_HEIGHT,
      state: inputs.errors.has(node.id) ? "error" : inputs.litNodes?.has(node.id) ? "lit" : "plain",
      selected: inputs.selected.has(node.id),
    };
    byId.set(node.id, { box, ports });
    return box;
  });
  const lines: FarLine[] = [];
  for (const edge of inputs.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    // Where the node's handles sit: ports spread along the bottom, the target on top.
    const i = Math.max(0, from.ports.indexOf(edge.port));
    const share = (i + 1) / (from.ports.length + 1);
    lines.push({
      x1: from.box.x + from.box.w * share,
      y1: from.box.y + from.box.h,
      x2: to.box.x + to.box.w / 2,
      y2: to.box.y,
      lit: inputs.litEdges?.has(edgeId(edge.from, edge.port, edge.to)) ?? false,
    });
  }
  return { boxes, lines };
}

/** The activity under a point in flow coordinates, the topmost (last drawn) first. */
export function boxAt(scene: FarScene, point: Position): string | null {
  for (let i = scene.boxes.length - 1; i >= 0; i--) {
    const b = scene.boxes[i];
    if (point.x >= b.x && point.x <= b.x + b.w && point.y >= b.y && point.y <= b.y + b.h) return b.id;
  }
  return null;
}

/** Bounds of every box, for the overview map. */
export function sceneBounds(scene: FarScene): { x: number; y: number; w: number; h: number } {
  if (scene.boxes.length === 0) return { x: 0, y: 0, w: 1, h: 1 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of scene.boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Whether two scenes paint the same picture (selection aside: it is drawn apart). */
export function sameDrawing(a: FarScene, b: FarScene): boolean {
  if (a === b) return true;
  if (a.boxes.length !== b.boxes.length || a.lines.length !== b.lines.length) return false;
  const sameBox = (x: FarBox, y: FarBox) =>
    x.id === y.id && x.x === y.x && x.y === y.y && x.w === y.w && x.h === y.h && x.state === y.state && x.kind === y.kind;
  const sameLine = (x: FarLine, y: FarLine) =>
    x.lit === y.lit && x.x1 === y.x1 && x.y1 === y.y1 && x.x2 === y.x2 && x.y2 === y.y2;
  return a.boxes.every((x, i) => sameBox(x, b.boxes[i])) && a.lines.every((x, i) => sameLine(x, b.lines[i]));
}
