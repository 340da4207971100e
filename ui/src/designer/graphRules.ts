// The connection rules the canvas enforces while you drag, before anything reaches Rust:
// they are the graph errors a connection would create on the spot (E_CYCLE,
// E_PORT_REUSED, E_ENTRY_NOT_FIRST, a self-loop, E_UNKNOWN_PORT). Everything else is
// validated by Rust. Pure functions over the model's nodes and edges.
import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import { outputPorts } from "../canvas/mapping";

export type Connection = { from: string; port: string; to: string };

/** `readOnly` is the store's answer on a published version; the others are graph rules. */
export type Refusal = "self" | "entry" | "unknownPort" | "portUsed" | "cycle" | "readOnly";

export type Verdict = { ok: true } | { ok: false; reason: Refusal; message: string };

/** True when `to` already reaches `from` along edges, so `from → to` would close a loop. */
export function reaches(edges: readonly Edge[], start: string, goal: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === goal) return true;
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return false;
}

/** Whether `c` may be added to the graph, and if not, a short reason for the user. */
export function checkConnection(nodes: readonly Node[], edges: readonly Edge[], c: Connection): Verdict {
  if (c.from === c.to) return { ok: false, reason: "self", message: "A node cannot connect to itself" };
  const source = nodes.find((n) => n.id === c.from);
  const target = nodes.find((n) => n.id === c.to);
  if (target?.activity.type === "entry") {
    return { ok: false, reason: "entry", message: "Nothing may lead into the entry event" };
  }
  if (!source || !outputPorts(source.activity).includes(c.port)) {
    return { ok: false, reason: "unknownPort", message: `“${c.port}” is not an output of ${c.from}` };
  }
  if (edges.some((e) => e.from === c.from && e.port === c.port)) {
    return { ok: false, reason: "portUsed", message: `Port “${c.port}” is already connected` };
  }
  if (reaches(edges, c.to, c.from)) {
    return { ok: false, reason: "cycle", message: "This connection would create a loop" };
  }
  return { ok: true };
}

/**
 * Keeps a node's outgoing edges in step with an edit of its ports: an edge stays on a
 * port that still exists, follows a renamed port (same count, same place), and goes
 * away with a removed port. Returns `edges` itself when nothing changes.
 */
export function reconcilePorts(
  edges: Edge[],
  nodeId: string,
  before: readonly string[],
  after: readonly string[],
): Edge[] {
  const kept = new Set(after);
  const renamed = new Map<string, string>();
  if (before.length === after.length) {
    before.forEach((port, i) => {
      if (!kept.has(port)) renamed.set(port, after[i]);
    });
  }
  let changed = false;
  const result: Edge[] = [];
  for (const e of edges) {
    if (e.from !== nodeId || kept.has(e.port)) {
      result.push(e);
      continue;
    }
    changed = true;
    const port = renamed.get(e.port);
    if (port !== undefined) result.push({ ...e, port });
  }
  return changed ? result : edges;
}

export type TargetOption = { id: string; label: string; refusal: string | null };

/**
 * Every node `from` could point a port at, for the inspector's connection menu: the
 * refused ones carry the reason. One reverse walk finds the loops, so this stays linear
 * on large journeys. (The port's own edge is being replaced, so it is never "used".)
 */
export function targetOptions(nodes: readonly Node[], edges: readonly Edge[], from: string): TargetOption[] {
  const previous = new Map<string, string[]>();
  for (const e of edges) {
    const list = previous.get(e.to);
    if (list) list.push(e.from);
    else previous.set(e.to, [e.from]);
  }
  const upstream = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const p of previous.get(stack.pop() as string) ?? []) {
      if (!upstream.has(p)) {
        upstream.add(p);
        stack.push(p);
      }
    }
  }
  return nodes.map((n) => ({
    id: n.id,
    label: n.label || n.id,
    refusal:
      n.id === from
        ? "A node cannot connect to itself"
        : n.activity.type === "entry"
          ? "Nothing may lead into the entry event"
          : upstream.has(n.id)
            ? "This connection would create a loop"
            : null,
  }));
}
