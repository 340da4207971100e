// Pure view-model helpers: no React, no Tauri. Unit tested in model.test.ts.
import type { ConfigSummary } from "./bindings/ConfigSummary";
import type { JourneySummary } from "./bindings/JourneySummary";
import type { Overview } from "./bindings/Overview";
import type { VersionState } from "./bindings/VersionState";

/** Case-insensitive substring match on name and description. Blank query keeps everything. */
export function filterJourneys(list: readonly JourneySummary[], query: string): JourneySummary[] {
  const q = query.trim().toLocaleLowerCase();
  if (q === "") return [...list];
  return list.filter(
    (j) =>
      j.name.toLocaleLowerCase().includes(q) || j.description.toLocaleLowerCase().includes(q),
  );
}

const byName = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** Returns a new array sorted by name (case-insensitive, numeric-aware, stable). */
export function sortByName<T extends { name: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => byName.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Journeys sorted by name (see sortByName). */
export function sortJourneys(list: readonly JourneySummary[]): JourneySummary[] {
  return sortByName(list);
}

const STATE_LABELS: Record<VersionState, string> = {
  draft: "Draft",
  live: "Live",
  paused: "Paused",
  closed: "Closed",
  stopped: "Stopped",
  finished: "Finished",
};

/** A version's (or a journey's) lifecycle state as people read it. */
export function stateLabel(state: VersionState): string {
  return STATE_LABELS[state];
}

export function usedInLabel(n: number): string {
  if (n <= 0) return "not used";
  return n === 1 ? "used in 1 journey" : `used in ${n} journeys`;
}

export function versionLabel(version: number): string {
  return `v${version}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "2 errors · 1 warning", "1 error", "3 warnings" or "valid". */
export function problemsLabel(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, "error"));
  if (warnings > 0) parts.push(plural(warnings, "warning"));
  return parts.length === 0 ? "valid" : parts.join(" · ");
}

export type ProblemLevel = "error" | "warning" | "ok";

export function problemLevel(errors: number, warnings: number): ProblemLevel {
  if (errors > 0) return "error";
  if (warnings > 0) return "warning";
  return "ok";
}

export type ConfigCounts = {
  events: number;
  dataSources: number;
  actions: number;
  total: number;
};

export function configCounts(overview: Pick<Overview, "events" | "dataSources" | "actions">): ConfigCounts {
  const events = overview.events.length;
  const dataSources = overview.dataSources.length;
  const actions = overview.actions.length;
  return { events, dataSources, actions, total: events + dataSources + actions };
}

export type ConfigKind = "event" | "dataSource" | "action";

export type ConfigSection = {
  kind: ConfigKind;
  title: string;
  items: ConfigSummary[];
};

/** The three configuration lists in display order, each sorted by name. */
export function configSections(overview: Overview): ConfigSection[] {
  const sorted = (items: readonly ConfigSummary[]) => sortByName(items);
  return [
    { kind: "event", title: "Events", items: sorted(overview.events) },
    { kind: "dataSource", title: "Data sources", items: sorted(overview.dataSources) },
    { kind: "action", title: "Custom actions", items: sorted(overview.actions) },
  ];
}

/** "5 Jan 2026, 09:00" in the user's zone (or `timeZone`); "—" when unknown. */
export function lastChangeLabel(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (iso === "" || Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

const OBJECT_KINDS: Record<string, string> = {
  dataSource: "Data source",
  action: "Action",
  event: "Event",
  journey: "Journey",
};

/** Rust's object names as people read them: `dataSource:orders` → "Data source orders". */
export function objectLabel(object: string): string {
  const colon = object.indexOf(":");
  const kind = colon < 0 ? undefined : OBJECT_KINDS[object.slice(0, colon)];
  return kind === undefined ? object : `${kind} ${object.slice(colon + 1)}`;
}
