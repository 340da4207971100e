// Branch volumes of a what-if run, for the canvas: how many people left each node by
// each of its ports, keyed `${nodeId}:${port}` like the edges that leave by that port
// (an edge is {from, port, to}), and the words and numbers shown on those edges.
import type { JourneyTotals } from "../../bindings/JourneyTotals";
import type { Report } from "../../bindings/Report";

/** The key of the edge(s) leaving `node` by `port`: `${node}:${port}`. */
export function edgeKey(node: string, port: string): string {
  return `${node}:${port}`;
}

const COUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/**
 * `part` as a share of `whole`, one decimal: "45.6%". "0%" and "100%" only when exact:
 * a few people out of many read "<0.1%", all but a few ">99.9%". "–" when `whole` is 0.
 */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0)) return "–";
  if (part <= 0) return "0%";
  if (part >= whole) return "100%";
  // Tenths of a percent, rounded half up, computed from whole numbers so 2,345 of
  // 10,000 reads 23.5% (not the 23.4% that (part / whole) * 100 rounds to).
  const tenths = Math.round((part * 1000) / whole);
  if (tenths < 1) return "<0.1%";
  if (tenths >= 1000) return ">99.9%";
  return `${(tenths / 10).toFixed(1).replace(/\.0$/, "")}%`;
}

/** What an edge shows: "12,345 (45.6%)", the share of the people who entered its node. */
export function formatVolume(count: number, entered: number): string {
  return entered > 0 ? `${formatCount(count)} (${formatShare(count, entered)})` : formatCount(count);
}

export type EdgeVolume = {
  key: string;
  node: string;
  port: string;
  count: number;
  /** People who entered the node the edge leaves. */
  entered: number;
  /** formatVolume(count, entered). */
  label: string;
};

/**
 * Every (node, port) of the report with its count and label, in the report's order:
 * for the canvas's edge labels and the panel's table.
 */
export function edgeVolumeList(report: Report, journey: string): EdgeVolume[] {
  return Object.entries(report.nodes[journey] ?? {}).flatMap(([node, counts]) =>
    Object.entries(counts.exited).map(([port, count]) => ({
      key: edgeKey(node, port),
      node,
      port,
      count,
      entered: counts.entered,
      label: formatVolume(count, counts.entered),
    })),
  );
}

/** Edge labels by edgeKey: "12,345 (45.6%)". */
export function edgeVolumeLabels(report: Report, journey: string): Map<string, string> {
  return new Map(edgeVolumeList(report, journey).map((v) => [v.key, v.label]));
}

const NO_ONE: JourneyTotals = { entered: 0, finished: 0, jumped: 0, exitedEarly: 0, errors: 0, stillInside: 0 };

/** The journey's totals; all zero when nobody entered it (the report has no entry then). */
export function journeyTotals(report: Report, journey: string): JourneyTotals {
  return report.journeys[journey] ?? NO_ONE;
}
