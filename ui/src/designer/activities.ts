// What the palette offers and what a new node starts as: a fresh readable id and an
// activity that is complete enough to save (Rust then reports what is still missing).
import type { Activity } from "../bindings/Activity";
import type { Position } from "../bindings/Position";
import { NODE_HEIGHT, NODE_WIDTH, type ActivityKind } from "../canvas/mapping";

export type PaletteGroup = { title: string; kinds: ActivityKind[] };

export const PALETTE: readonly PaletteGroup[] = [
  { title: "Events", kinds: ["entry", "reaction"] },
  { title: "Orchestration", kinds: ["condition", "split", "wait", "dateCondition", "timeCondition", "jump", "end"] },
  { title: "Actions", kinds: ["action"] },
];

/** Names the defaults may pick from: the first event and action of the workspace. */
export type CatalogNames = { events: readonly string[]; actions: readonly string[] };

const DAY = 86_400;

export function defaultActivity(kind: ActivityKind, catalog: CatalogNames): Activity {
  const event = catalog.events[0] ?? "";
  switch (kind) {
    case "entry":
      return { type: "entry", event };
    case "reaction":
      return { type: "reaction", event, timeoutSeconds: DAY };
    case "condition":
      return { type: "condition", paths: [{ port: "yes", expression: "true" }], other: true };
    case "split":
      return { type: "split", branches: [{ port: "a", weight: 50 }, { port: "b", weight: 50 }] };
    case "wait":
      return { type: "wait", wait: { kind: "duration", seconds: 3_600 } };
    case "dateCondition":
      return { type: "dateCondition", paths: [{ port: "in_window" }], other: true };
    case "timeCondition":
      return {
        type: "timeCondition",
        paths: [{ port: "office_hours", days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "18:00" }],
        other: true,
      };
    case "jump":
      return { type: "jump", journey: "" };
    case "end":
      return { type: "end" };
    case "action":
      return { type: "action", action: catalog.actions[0] ?? "", mapping: {}, errorPath: false };
  }
}

/** `dateCondition` → `date_condition`: ids are identifiers that read well in diagnostics. */
function idPrefix(kind: ActivityKind): string {
  return kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `condition_1`, `condition_2`, …: the smallest number not taken. */
export function uniqueNodeId(kind: ActivityKind, taken: ReadonlySet<string>): string {
  const prefix = idPrefix(kind);
  for (let n = 1; ; n++) {
    const id = `${prefix}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export const CASCADE = 40;

/** Moves `at` down-right until no node starts exactly there, so repeated adds stay visible. */
export function freePosition(at: Position, occupied: readonly Position[]): Position {
  const key = (p: Position) => `${Math.round(p.x)},${Math.round(p.y)}`;
  const used = new Set(occupied.map(key));
  let p = at;
  while (used.has(key(p))) p = { x: p.x + CASCADE, y: p.y + CASCADE };
  return p;
}

/** Room kept between an added activity and the one above it. */
const GAP = 24;

/** A rectangle of the canvas, in flow coordinates (what the view shows). */
export type Area = { x: number; y: number; width: number; height: number };

/**
 * Where an added activity goes: `at` when free; else, given the area in view, the free
 * spot nearest `at` on a grid of activity-sized steps that lies wholly in it (so it is
 * seen where it lands, and nothing else moves out of view); else below `at` until its
 * box overlaps no activity's. Adding several in a row never stacks one over another.
 */
export function clearSpot(
  at: Position,
  occupied: readonly Position[],
  size: { width: number; height: number } = { width: NODE_WIDTH, height: NODE_HEIGHT },
  inView?: Area,
): Position {
  const overlaps = (p: Position) =>
    occupied.some((o) => Math.abs(o.x - p.x) < size.width && Math.abs(o.y - p.y) < size.height);
  if (!overlaps(at)) return at;
  if (inView) {
    const step = { x: size.width + GAP, y: size.height + GAP };
    const fits = (p: Position) =>
      p.x >= inView.x && p.y >= inView.y && p.x + size.width <= inView.x + inView.width && p.y + size.height <= inView.y + inView.height;
    // Every cell of the grid through `at` that the area holds, nearest first (below
    // before above, right before left on a tie).
    const reach = {
      x: Math.ceil(inView.width / step.x) + 1,
      y: Math.ceil(inView.height / step.y) + 1,
    };
    const cells: Position[] = [];
    for (let dy = -reach.y; dy <= reach.y; dy++) {
      for (let dx = -reach.x; dx <= reach.x; dx++) cells.push({ x: at.x + dx * step.x, y: at.y + dy * step.y });
    }
    const distance = (p: Position) => Math.hypot(p.x - at.x, p.y - at.y);
    cells.sort((a, b) => distance(a) - distance(b) || b.y - a.y || b.x - a.x);
    const free = cells.find((p) => fits(p) && !overlaps(p));
    if (free) return free;
  }
  let p = at;
  // Bounded: a journey has at most a few thousand activities.
  for (let i = 0; i < 10_000 && overlaps(p); i++) p = { x: p.x, y: p.y + size.height + GAP };
  return p;
}

/** The drag-and-drop type that carries a palette item's kind onto the canvas. */
export const PALETTE_MIME = "application/x-parcours-activity";

const KINDS = new Set<string>(PALETTE.flatMap((g) => g.kinds));

export function isActivityKind(value: string): value is ActivityKind {
  return KINDS.has(value);
}

/** A port name not yet used by the node: `path_1`, `path_2`, … */
export function newPortName(taken: readonly string[], prefix = "path"): string {
  for (let n = taken.length + 1; ; n++) {
    const name = `${prefix}_${n}`;
    if (!taken.includes(name)) return name;
  }
}
