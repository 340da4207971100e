// The minimap sits in the canvas's top-right corner; fitting the view leaves a strip that
// wide on the right, so a fitted journey is never under it. Top-right rather than
// bottom-right: when a panel below the canvas (test mode) takes height, the journey is
// cut at the bottom instead of sliding under the map.
import type { FitViewOptions } from "@xyflow/react";

/** React Flow's MiniMap and our OverviewMap, in pixels. */
export const MINIMAP_WIDTH = 200;
export const MINIMAP_HEIGHT = 150;
/** The map's margin from the canvas edge (React Flow's Panel) plus some air. */
const MAP_GAP = 40;
const EDGE = "24px";

export function fitPadding(minimap: boolean): FitViewOptions["padding"] {
  return minimap ? { top: EDGE, bottom: EDGE, left: EDGE, right: `${MINIMAP_WIDTH + MAP_GAP}px` } : 0.1;
}
