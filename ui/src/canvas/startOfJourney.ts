// Where a large journey opens: its entry and the activities right after it, the
// part a person reads first.
import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";

/** Up to `count` node ids, breadth first from the entry nodes (or the first nodes). */
export function startOfJourney(nodes: readonly Node[], edges: readonly Edge[], count: number): { id: string }[] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const entries = nodes.filter((n) => n.activity.type === "entry").map((n) => n.id);
  const queue = entries.length > 0 ? entries : nodes.slice(0, 1).map((n) => n.id);
  const seen = new Set<string>(queue);
  for (let i = 0; i < queue.length && queue.length < count; i++) {
    for (const to of next.get(queue[i]) ?? []) {
      if (seen.has(to) || queue.length >= count) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return queue.slice(0, count).map((id) => ({ id }));
}
