// Copy and paste of nodes. The copied nodes live in a module variable and in
// localStorage: storage lets a paste reach another journey (or another window of the
// app); the variable keeps copy/paste working when storage refuses the write.
import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import type { Position } from "../bindings/Position";
import { CASCADE, freePosition, uniqueNodeId } from "./activities";

export type Clipboard = { nodes: Node[]; edges: Edge[] };

const STORAGE_KEY = "parcours.designer.clipboard";
let memory: Clipboard | null = null;

/** The selected nodes, and the edges that run between two of them. */
export function copyNodes(nodes: readonly Node[], edges: readonly Edge[], ids: ReadonlySet<string>): Clipboard | null {
  const copied = nodes.filter((n) => ids.has(n.id));
  if (copied.length === 0) return null;
  return { nodes: copied, edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}

/**
 * The clipboard's nodes with fresh ids (never clashing with `taken`), shifted so that
 * they do not land on top of the originals or of an earlier paste; inner edges follow.
 */
export function pasteNodes(clip: Clipboard, taken: ReadonlySet<string>, occupied: readonly Position[]): Clipboard {
  const ids = new Set(taken);
  const renamed = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = uniqueNodeId(n.activity.type, ids);
    ids.add(id);
    renamed.set(n.id, id);
  }
  const anchor = clip.nodes[0].position;
  const landing = freePosition({ x: anchor.x + CASCADE, y: anchor.y + CASCADE }, occupied);
  const dx = landing.x - anchor.x;
  const dy = landing.y - anchor.y;
  return {
    nodes: clip.nodes.map((n) => ({
      ...n,
      id: renamed.get(n.id) as string,
      position: { x: n.position.x + dx, y: n.position.y + dy },
    })),
    edges: clip.edges.map((e) => ({ ...e, from: renamed.get(e.from) as string, to: renamed.get(e.to) as string })),
  };
}

function isClipboard(value: unknown): value is Clipboard {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v.nodes) &&
    Array.isArray(v.edges) &&
    v.nodes.length > 0 &&
    v.nodes.every((n) => typeof n?.id === "string" && typeof n?.activity?.type === "string" && typeof n?.position?.x === "number")
  );
}

export function writeClipboard(clip: Clipboard): void {
  memory = clip;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(clip));
  } catch {
    // Storage full or disabled: the in-memory copy still serves this window.
  }
}

export function readClipboard(): Clipboard | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (raw) {
      const parsed: unknown = JSON.parse(raw);
      if (isClipboard(parsed)) return parsed;
    }
  } catch {
    // Unreadable storage or a foreign value under our key: fall back to memory.
  }
  return memory;
}
