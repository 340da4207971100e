// Paints a far scene on a 2D canvas at a given transform: the far view's picture and the
// overview map are drawn with it once per change (farImage.ts), never per frame. Batched:
// plain connections are one path and one stroke, and boxes are grouped by colour.
import { PALETTE } from "../designer/activities";
import type { FarBox, FarScene } from "./farScene";
import type { ActivityKind } from "./mapping";

const ALL_KINDS: readonly ActivityKind[] = PALETTE.flatMap((g) => g.kinds);

export type FarColors = {
  kinds: Partial<Record<ActivityKind, string>>;
  fallback: string;
  line: string;
  error: string;
  lit: string;
};

export type Viewport = { x: number; y: number; zoom: number; width: number; height: number };

/** Share of the kind colour in a plain box, as the CSS far view had (55 % over the surface). */
const BOX_ALPHA = 0.55;

function inView(b: FarBox, x0: number, y0: number, x1: number, y1: number): boolean {
  return b.x <= x1 && b.x + b.w >= x0 && b.y <= y1 && b.y + b.h >= y0;
}

export function drawFarScene(
  ctx: CanvasRenderingContext2D,
  scene: FarScene,
  view: Viewport,
  colors: FarColors,
  pixelRatio: number,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const k = view.zoom * pixelRatio;
  ctx.setTransform(k, 0, 0, k, view.x * pixelRatio, view.y * pixelRatio);
  // The visible part of the flow, in flow coordinates.
  const x0 = -view.x / view.zoom;
  const y0 = -view.y / view.zoom;
  const x1 = x0 + view.width / view.zoom;
  const y1 = y0 + view.height / view.zoom;
  const onePixel = 1 / view.zoom;

  ctx.lineWidth = onePixel;
  for (const lit of [false, true]) {
    ctx.beginPath();
    for (const l of scene.lines) {
      if (l.lit !== lit) continue;
      if (Math.max(l.x1, l.x2) < x0 || Math.min(l.x1, l.x2) > x1 || Math.max(l.y1, l.y2) < y0 || Math.min(l.y1, l.y2) > y1) continue;
      ctx.moveTo(l.x1, l.y1);
      ctx.lineTo(l.x2, l.y2);
    }
    ctx.strokeStyle = lit ? colors.lit : colors.line;
    ctx.lineWidth = lit ? 3 * onePixel : onePixel;
    ctx.stroke();
  }

  const groups = new Map<string, FarBox[]>();
  for (const b of scene.boxes) {
    if (!inView(b, x0, y0, x1, y1)) continue;
    const colour =
      b.state === "error" ? colors.error : b.state === "lit" ? colors.lit : (colors.kinds[b.kind] ?? colors.fallback);
    const group = groups.get(colour);
    if (group) group.push(b);
    else groups.set(colour, [b]);
  }
  for (const [colour, boxes] of groups) {
    ctx.fillStyle = colour;
    ctx.globalAlpha = colour === colors.error || colour === colors.lit ? 1 : BOX_ALPHA;
    for (const b of boxes) ctx.fillRect(b.x, b.y, b.w, b.h);
  }
  ctx.globalAlpha = 1;
}

/** Reads the activity colours from the stylesheet (the `--kind` of each `.kind-*` class),
 * so the far view, the palette and the nodes cannot drift apart. */
export function readFarColors(host: HTMLElement): FarColors {
  const probe = document.createElement("div");
  probe.style.display = "none";
  host.appendChild(probe);
  const read = (name: string) => getComputedStyle(probe).getPropertyValue(name).trim();
  const kindColours: Partial<Record<ActivityKind, string>> = {};
  for (const kind of ALL_KINDS) {
    probe.className = `journey-node kind-${kind}`;
    const c = read("--kind");
    if (c) kindColours[kind] = c;
  }
  probe.className = "";
  const colors: FarColors = {
    kinds: kindColours,
    fallback: read("--accent") || "#2e5aac",
    line: read("--xy-edge-stroke-default") || "#b1b1b7",
    error: read("--error-fg") || "#d92d20",
    lit: read("--lit") || "#fdb022",
  };
  probe.remove();
  return colors;
}
