// Diagnostics as the designer shows them: grouped by node for the badges (keeping the
// previous arrays when a node's problems did not change, so its memoized canvas node
// does not re-render), split by field for the inspector, errors first for the list.
import type { Diagnostic } from "../bindings/Diagnostic";

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.path === b.path && a.message === b.message && a.severity === b.severity;
}

function sameList(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => sameDiagnostic(d, b[i]));
}

export type ByNode = Readonly<Record<string, Diagnostic[]>>;

/** Diagnostics per node id; a node whose list is unchanged keeps `previous`' array. */
export function groupByNode(list: readonly Diagnostic[], previous: ByNode = {}): ByNode {
  const grouped: Record<string, Diagnostic[]> = {};
  for (const d of list) {
    if (d.node === undefined) continue;
    (grouped[d.node] ??= []).push(d);
  }
  for (const [node, items] of Object.entries(grouped)) {
    const before = previous[node];
    if (before !== undefined && sameList(before, items)) grouped[node] = before;
  }
  return grouped;
}

/** Errors before warnings, otherwise in Rust's order. */
export function errorsFirst(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

export function countErrors(list: readonly Diagnostic[]): number {
  return list.filter((d) => d.severity === "error").length;
}

/** The node's diagnostics located on exactly `path` (`activity.paths[0].expression`). */
export function atPath(list: readonly Diagnostic[], path: string): Diagnostic[] {
  return list.filter((d) => d.path === path);
}

/** The node's diagnostics that no field of its form shows inline. */
export function notAt(list: readonly Diagnostic[], paths: ReadonlySet<string>): Diagnostic[] {
  return list.filter((d) => !paths.has(d.path));
}
