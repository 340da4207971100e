import { describe, expect, it } from "vitest";

import type { NodeReport } from "../../bindings/NodeReport";
import type { Report } from "../../bindings/Report";
import {
  edgeKey,
  edgeVolumeLabels,
  edgeVolumeList,
  formatCount,
  formatShare,
  formatVolume,
  journeyTotals,
} from "./volumes";

const node = (entered: number, exited: Record<string, number>, more: Partial<NodeReport> = {}): NodeReport => ({
  entered,
  exited,
  errors: 0,
  timeouts: 0,
  waiting: 0,
  ...more,
});

const report: Report = {
  nodes: {
    welcome: {
      entry: node(10_000, { next: 10_000 }),
      vip: node(10_000, { yes: 2_345, no: 7_000, other: 0 }, { waiting: 655 }),
      send: node(2_345, { success: 2_300, error: 45 }),
      end: node(9_345, {}),
    },
    other: { entry: node(3, { next: 3 }) },
  },
  journeys: {
    welcome: { entered: 10_000, finished: 9_300, jumped: 0, exitedEarly: 45, errors: 0, stillInside: 655 },
  },
  discarded: { notRecognised: 12 },
  events: 10_012,
};

describe("edge volumes", () => {
  it("are the people who left each node by each port, keyed node:port", () => {
    expect(edgeKey("vip", "yes")).toBe("vip:yes");
    const counts = (journey: string) => new Map(edgeVolumeList(report, journey).map((v) => [v.key, v.count]));
    expect(counts("welcome")).toEqual(
      new Map([
        ["entry:next", 10_000],
        ["vip:yes", 2_345],
        ["vip:no", 7_000],
        ["vip:other", 0],
        ["send:success", 2_300],
        ["send:error", 45],
      ]),
    );
  });

  it("are read for the journey asked only, and empty for a journey the report lacks", () => {
    expect(edgeVolumeList(report, "other").map((v) => [v.key, v.count])).toEqual([["entry:next", 3]]);
    expect(edgeVolumeList(report, "missing")).toEqual([]);
  });

  it("come with labels: counts and the share of the node's entries", () => {
    const labels = edgeVolumeLabels(report, "welcome");
    expect(labels.get("entry:next")).toBe("10,000 (100%)");
    expect(labels.get("vip:yes")).toBe("2,345 (23.5%)");
    expect(labels.get("vip:no")).toBe("7,000 (70%)");
    expect(labels.get("vip:other")).toBe("0 (0%)");
    expect(labels.get("send:error")).toBe("45 (1.9%)");
    expect(edgeVolumeList(report, "welcome")[1]).toEqual({ key: "vip:yes", node: "vip", port: "yes", count: 2_345, entered: 10_000, label: "2,345 (23.5%)" });
  });
});

describe("formatting", () => {
  it("groups thousands", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(12_345)).toBe("12,345");
    expect(formatCount(1_000_000)).toBe("1,000,000");
  });

  it("gives shares with one decimal, exact 0% and 100% only", () => {
    expect(formatShare(1, 3)).toBe("33.3%");
    expect(formatShare(1, 2)).toBe("50%");
    expect(formatShare(0, 10)).toBe("0%");
    expect(formatShare(10, 10)).toBe("100%");
    expect(formatShare(1, 1_000_000)).toBe("<0.1%");
    expect(formatShare(999_999, 1_000_000)).toBe(">99.9%");
    expect(formatShare(5, 0)).toBe("–");
  });

  it("labels a volume with its share, or the count alone when nobody entered", () => {
    expect(formatVolume(12_345, 50_000)).toBe("12,345 (24.7%)");
    expect(formatVolume(0, 0)).toBe("0");
  });
});

describe("journey totals", () => {
  it("are the report's, or zeros when nobody entered", () => {
    expect(journeyTotals(report, "welcome").finished).toBe(9_300);
    expect(journeyTotals(report, "other")).toEqual({ entered: 0, finished: 0, jumped: 0, exitedEarly: 0, errors: 0, stillInside: 0 });
  });
});
