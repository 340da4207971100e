// Where a large journey opens: its entry at the top, centred, at a readable zoom, with what
// follows below it. Fitting the first dozen activities instead could leave the entry off
// screen when they spread wide (a zoom floor keeps them readable, and the view centres on
// their middle).
import type { Node } from "../bindings/Node";
import { nodeWidth, outputPorts } from "./mapping";

/** Zoom a large journey opens at: text is readable, a few dozen activities show. */
export const OPEN_ZOOM = 0.75;
/** Room above the entry, in screen pixels. */
const TOP_MARGIN = 40;

export type Viewport = { x: number; y: number; zoom: number };

/** The entry activity, or the first one when there is none. */
export function entryOf(nodes: readonly Node[]): Node | undefined {
  return nodes.find((n) => n.activity.type === "entry") ?? nodes[0];
}

/** The viewport putting `entry` at the top centre of a pane `width` wide. */
export function openingViewport(entry: Node, width: number): Viewport {
  const centre = entry.position.x + nodeWidth(outputPorts(entry.activity)) / 2;
  return { x: width / 2 - centre * OPEN_ZOOM, y: TOP_MARGIN - entry.position.y * OPEN_ZOOM, zoom: OPEN_ZOOM };
}
