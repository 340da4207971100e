// Pure helpers of the publish lifecycle's screens: what a publish freezes, why it is
// blocked, and the canvas of a diff (both versions' activities, marked). No React.
import type { DataBinding } from "../bindings/DataBinding";
import type { Edge } from "../bindings/Edge";
import type { JourneyVersion } from "../bindings/JourneyVersion";
import type { Node } from "../bindings/Node";
import type { VersionDiff } from "../bindings/VersionDiff";
import type { VersionState } from "../bindings/VersionState";
import { edgeId } from "../canvas/mapping";
import type { DiffMarks } from "../designer/store";
import { plural } from "../model";

/** A version's state as the versions panel shows it (a live version may be paused). */
export function versionState(version: JourneyVersion | undefined): VersionState | undefined {
  if (version === undefined) return undefined;
  if (version.status === "live" && version.pausedAt) return "paused";
  return version.status;
}

/** An RFC 3339 time as the lifecycle screens show it, in UTC: "2026-12-05 10:00:01 UTC". */
export function timeLabel(text: string | null | undefined): string {
  return text ? text.replace("T", " ").replace(/(:\d\d)(\.\d+)?Z$/, "$1 UTC") : "—";
}

/** The start of a SHA-256, enough to tell releases apart on screen. */
export function shortHash(sha: string | undefined): string {
  return sha ? sha.slice(0, 12) : "—";
}

/** The configurations a version uses: what publishing it freezes with it. */
export function frozenParts(nodes: readonly Node[], data: readonly DataBinding[] = []) {
  const events = new Set<string>();
  const actions = new Set<string>();
  for (const n of nodes) {
    const a = n.activity;
    if (a.type === "entry" || a.type === "reaction") events.add(a.event);
    if (a.type === "action") actions.add(a.action);
  }
  const dataSources = new Set(data.map((d) => d.source));
  const sorted = (s: Set<string>) => [...s].filter((x) => x !== "").sort();
  return { events: sorted(events), actions: sorted(actions), dataSources: sorted(dataSources) };
}

/** Why Publish is disabled, or null when it may be pressed. */
export function publishBlocked(state: VersionState | undefined, errors: number, saving: boolean): string | null {
  if (state === undefined) return "This journey has no version.";
  if (state !== "draft") return `Version is ${state}: make a new version to publish changes.`;
  if (errors > 0) return `Fix ${plural(errors, "error")} first: errors block publishing.`;
  if (saving) return "Saving…";
  return null;
}

/**
 * The diff view's canvas: the newer version's activities and connections, with what the
 * older one had and the newer lost (drawn as removed), each marked by its change.
 */
export function diffCanvas(from: JourneyVersion, to: JourneyVersion, diff: VersionDiff) {
  const inTo = new Set(to.nodes.map((n) => n.id));
  const nodes: Node[] = [...to.nodes, ...from.nodes.filter((n) => !inTo.has(n.id))];
  const edgeIds = new Set(to.edges.map((e) => edgeId(e.from, e.port, e.to)));
  const edges: Edge[] = [...to.edges, ...from.edges.filter((e) => !edgeIds.has(edgeId(e.from, e.port, e.to)))];
  const marks: { nodes: Record<string, "added" | "removed" | "changed">; edges: Record<string, "added" | "removed"> } = {
    nodes: {},
    edges: {},
  };
  for (const a of diff.activities) marks.nodes[a.id] = a.change;
  for (const e of diff.edges) {
    if (e.change !== "changed") marks.edges[edgeId(e.from, e.port, e.to)] = e.change;
  }
  return { nodes, edges, marks: marks as DiffMarks };
}

/** A diff in a few words: "2 activities, 1 connection, 1 configuration changed". */
export function diffSummary(diff: VersionDiff): string {
  const parts = [
    diff.activities.length > 0 && plural(diff.activities.length, "activity", "activities"),
    diff.edges.length > 0 && plural(diff.edges.length, "connection"),
    diff.properties.length > 0 && plural(diff.properties.length, "property", "properties"),
    diff.configurations.length > 0 && plural(diff.configurations.length, "configuration"),
  ].filter(Boolean);
  return parts.length === 0 ? "No changes" : `${parts.join(", ")} changed`;
}

/** A JSON value in one short line, for old → new. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
