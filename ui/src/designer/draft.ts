// The part of a journey the designer edits: the nodes and edges of its latest version.
// Only a draft may change (Rust freezes published versions); everything else in the
// journey (name, properties, data bindings, older versions) is carried through untouched.
import type { Edge } from "../bindings/Edge";
import type { Journey } from "../bindings/Journey";
import type { Node } from "../bindings/Node";
import { latestVersion } from "../canvas/mapping";

export type Draft = {
  nodes: Node[];
  edges: Edge[];
  /** Why the canvas is read-only, or null when the latest version is a draft. */
  readOnlyReason: string | null;
};

export function openDraft(journey: Journey): Draft {
  const version = latestVersion(journey);
  if (version === undefined) {
    return { nodes: [], edges: [], readOnlyReason: "This journey has no version to edit." };
  }
  const readOnlyReason =
    version.status === "draft"
      ? null
      : `Version ${version.version} is ${version.status}: published versions are read-only.`;
  return { nodes: version.nodes, edges: version.edges, readOnlyReason };
}

/** `journey` with its latest version's nodes and edges replaced. */
export function withDraft(journey: Journey, nodes: readonly Node[], edges: readonly Edge[]): Journey {
  const version = latestVersion(journey);
  if (version === undefined) return journey;
  return {
    ...journey,
    versions: journey.versions.map((v) => (v === version ? { ...v, nodes: [...nodes], edges: [...edges] } : v)),
  };
}
