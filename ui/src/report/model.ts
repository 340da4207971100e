// What the live views draw from a runner's report (bindings/JourneyReport.ts): the
// canvas's per-activity counts and edge volumes for one version, and the report
// screen's series (entries, errors by status, discards by reason over time) and
// funnel. Pure functions, so the figures are tested without a browser.
import type { ActivityReport } from "../bindings/ActivityReport";
import { edgeKey, formatVolume } from "../designer/analysis/volumes";
import type { JourneyReport } from "../bindings/JourneyReport";
import type { Point } from "../bindings/Point";

/** Counts shown on an activity in the Live view. */
export type LiveCounts = {
  entered: number;
  waitingNow: number;
  errors: number;
  /** Failed calls by status (`http_500`, `timedout`…). */
  failedCalls: Record<string, number>;
};

/** Per activity id, the counts of `version` (activities nobody reached are absent). */
export function liveCounts(report: JourneyReport, version: number): Map<string, LiveCounts> {
  const out = new Map<string, LiveCounts>();
  for (const a of activitiesOf(report, version)) {
    out.set(a.id, {
      entered: a.entered,
      waitingNow: a.waitingNow,
      errors: a.errors + a.timeouts,
      failedCalls: a.failedCalls,
    });
  }
  return out;
}

/** People who left `from` by `port`, keyed `from:port` (the canvas's edge volumes). */
export function edgeVolumes(report: JourneyReport, version: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of activitiesOf(report, version)) {
    for (const [port, n] of Object.entries(a.exited)) out.set(`${a.id}:${port}`, n);
  }
  return out;
}

function activitiesOf(report: JourneyReport, version: number): ActivityReport[] {
  return report.versions.find((v) => v.version === version)?.activities ?? [];
}

/** The versions the report has, newest first (the version picker). */
export function reportVersions(report: JourneyReport): number[] {
  return report.versions.map((v) => v.version).sort((a, b) => b - a);
}

/** A chart's data: bucket starts (seconds since the epoch) and one line per key. */
export type Series = { times: number[]; lines: { key: string; values: number[] }[] };

/** Which points a chart shows. */
export type SeriesKind = "entries" | "errors" | "discards";

function wanted(kind: SeriesKind, p: Point): string | null {
  switch (kind) {
    case "entries":
      return p.measure === "started" ? "entries" : null;
    case "errors":
      return p.measure === "failedCall" ? p.key : p.measure === "error" || p.measure === "timeout" ? p.measure : null;
    case "discards":
      return p.measure === "discarded" ? p.key : null;
  }
}

/**
 * The series of `kind` for `version` (all versions when null), one value per bucket
 * from the first to the last point, with zeros where nothing happened: a chart's line
 * must not jump over a quiet hour.
 */
export function series(report: JourneyReport, kind: SeriesKind, version: number | null): Series {
  const step = report.bucket === "minute" ? 60 : 3600;
  const sums = new Map<string, Map<number, number>>();
  let first = Infinity;
  let last = -Infinity;
  for (const p of report.series) {
    if (version !== null && p.version !== version) continue;
    const key = wanted(kind, p);
    if (key === null) continue;
    const t = Math.floor(Date.parse(p.start) / 1000);
    first = Math.min(first, t);
    last = Math.max(last, t);
    const line = sums.get(key) ?? new Map<number, number>();
    line.set(t, (line.get(t) ?? 0) + p.count);
    sums.set(key, line);
  }
  if (sums.size === 0) return { times: [], lines: [] };
  const times: number[] = [];
  for (let t = first; t <= last; t += step) times.push(t);
  const lines = [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, line]) => ({ key, values: times.map((t) => line.get(t) ?? 0) }));
  return { times, lines };
}

/** A funnel step: an activity and how many reached it, in the journey's order. */
export type FunnelStep = { id: string; label: string; entered: number; share: number };

/** Activities of `version` in `order` (canvas order), with their share of the entries. */
export function funnel(report: JourneyReport, version: number, order: string[]): FunnelStep[] {
  const byId = new Map(activitiesOf(report, version).map((a) => [a.id, a]));
  const top = Math.max(1, ...[...byId.values()].map((a) => a.entered));
  const known = order.filter((id) => byId.has(id));
  const rest = [...byId.keys()].filter((id) => !order.includes(id)).sort();
  return [...known, ...rest].map((id) => {
    const a = byId.get(id)!;
    return { id, label: a.label || id, entered: a.entered, share: a.entered / top };
  });
}

/** "12:04:05" for a refresh time shown beside the figures. */
export function refreshedLabel(at: Date): string {
  return `Updated ${at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })}`;
}

/** What the canvas shows live: entries per activity, and "count (share)" per edge. */
export function canvasFigures(
  report: JourneyReport,
  version: number,
): { counts: Record<string, number>; volumes: Map<string, string> } {
  const counts: Record<string, number> = {};
  const volumes = new Map<string, string>();
  for (const a of activitiesOf(report, version)) {
    counts[a.id] = a.entered;
    for (const [port, n] of Object.entries(a.exited)) volumes.set(edgeKey(a.id, port), formatVolume(n, a.entered));
  }
  return { counts, volumes };
}

/** The version Live shows first: the newest live (or paused) one, else the newest. */
export function defaultLiveVersion(report: JourneyReport): number | null {
  const running = report.versions.filter((v) => v.state === "live" || v.state === "paused").map((v) => v.version);
  const all = reportVersions(report);
  return running.length > 0 ? Math.max(...running) : (all[0] ?? null);
}
