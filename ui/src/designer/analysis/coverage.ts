// Path coverage, for the canvas and the panel. A path's steps are `node[port]`, the
// last one the bare id of the node it arrives at (or `node[port]` when that port leads
// nowhere); see crates/simulator/src/coverage.rs.
import type { Coverage } from "../../bindings/Coverage";
import { edgeKey } from "./volumes";

export type Step = { node: string; port: string | null };

/** `still_unpaid[unpaid]` → {node: "still_unpaid", port: "unpaid"}; `end` → {node: "end", port: null}. */
export function parseStep(step: string): Step {
  const open = step.indexOf("[");
  if (open > 0 && step.endsWith("]")) return { node: step.slice(0, open), port: step.slice(open + 1, -1) };
  return { node: step, port: null };
}

/** The edge keys (`${node}:${port}`) a path's steps go along; a bare node id is none. */
export function stepEdges(steps: readonly string[]): string[] {
  return steps.flatMap((s) => {
    const { node, port } = parseStep(s);
    return port === null ? [] : [edgeKey(node, port)];
  });
}

/**
 * The edges (`${node}:${port}`) that appear in uncovered paths only: no test person
 * left that node by that port, so the canvas can mark them never taken.
 */
export function uncoveredEdges(coverage: Coverage): Set<string> {
  const taken = new Set(coverage.paths.filter((p) => p.covered).flatMap((p) => stepEdges(p.steps)));
  return new Set(
    coverage.paths
      .filter((p) => !p.covered)
      .flatMap((p) => stepEdges(p.steps))
      .filter((k) => !taken.has(k)),
  );
}

/** The steps of each uncovered path, for `onUncovered`. */
export function uncoveredPaths(coverage: Coverage): string[][] {
  return coverage.paths.filter((p) => !p.covered).map((p) => [...p.steps]);
}

/** A path for people: its steps joined with " → ". */
export function describePath(steps: readonly string[]): string {
  return steps.join(" → ");
}
