// The part of a journey the designer edits: the nodes and edges of its latest version,
// that version's properties and data lookups, and the journey's description and tags.
// Only a draft may change (Rust freezes published versions); everything else in the
// journey (name, older versions, version state) is carried through untouched.
import type { DataBinding } from "../bindings/DataBinding";
import type { Edge } from "../bindings/Edge";
import type { Journey } from "../bindings/Journey";
import type { Node } from "../bindings/Node";
import type { Properties } from "../bindings/Properties";
import { latestVersion } from "../canvas/mapping";

/** What the properties panel edits: the journey's words and the latest version's settings. */
export type Settings = {
  description: string;
  tags: string[];
  properties: Properties;
  data: DataBinding[];
};

/** Rust's defaults (`Properties::default`): re-entry after 5 min, 91 days, UTC. */
export const DEFAULT_PROPERTIES: Properties = {
  reentrance: { mode: "afterWait", seconds: 300 },
  globalTimeoutSeconds: 91 * 86_400,
  timeZone: { kind: "fixed", zone: "UTC" },
};

export const NO_SETTINGS: Settings = { description: "", tags: [], properties: DEFAULT_PROPERTIES, data: [] };

export type Draft = {
  nodes: Node[];
  edges: Edge[];
  settings: Settings;
  /** Why the canvas is read-only, or null when the latest version is a draft. */
  readOnlyReason: string | null;
};

export function openDraft(journey: Journey): Draft {
  const version = latestVersion(journey);
  const words = { description: journey.description, tags: journey.tags ?? [] };
  if (version === undefined) {
    return {
      nodes: [],
      edges: [],
      settings: { ...NO_SETTINGS, ...words },
      readOnlyReason: "This journey has no version to edit.",
    };
  }
  const readOnlyReason =
    version.status === "draft"
      ? null
      : `Version ${version.version} is ${version.status}: published versions are read-only.`;
  return {
    nodes: version.nodes,
    edges: version.edges,
    settings: { ...words, properties: version.properties, data: version.data ?? [] },
    readOnlyReason,
  };
}

/** `journey` with its latest version's nodes and edges replaced, and its settings when given. */
export function withDraft(
  journey: Journey,
  nodes: readonly Node[],
  edges: readonly Edge[],
  settings?: Settings,
): Journey {
  const version = latestVersion(journey);
  if (version === undefined) return journey;
  const next: Journey = {
    ...journey,
    versions: journey.versions.map((v) => {
      if (v !== version) return v;
      const edited = { ...v, nodes: [...nodes], edges: [...edges] };
      if (settings === undefined) return edited;
      edited.properties = settings.properties;
      // Rust skips empty lists when it writes: keep the saved JSON the same shape.
      if (settings.data.length > 0) edited.data = [...settings.data];
      else delete edited.data;
      return edited;
    }),
  };
  if (settings !== undefined) {
    next.description = settings.description;
    if (settings.tags.length > 0) next.tags = [...settings.tags];
    else delete next.tags;
  }
  return next;
}
