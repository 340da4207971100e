// Small derived reads of the designer state, shared by the components that need them.
import type { DesignerState } from "./store";

/** The event of the (first) entry node, which the test panel sends and `event.` reads. */
export function entryEvent(s: DesignerState): string | undefined {
  for (const n of s.nodes) if (n.activity.type === "entry") return n.activity.event;
  return undefined;
}

/** The custom actions the canvas calls, each once, sorted. */
export function actionNames(s: DesignerState): string[] {
  const names = new Set<string>();
  for (const n of s.nodes) if (n.activity.type === "action" && n.activity.action !== "") names.add(n.activity.action);
  return [...names].sort();
}
