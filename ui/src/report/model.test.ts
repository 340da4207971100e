import { describe, expect, it } from "vitest";

import type { JourneyReport } from "../bindings/JourneyReport";
import { canvasFigures, defaultLiveVersion, edgeVolumes, funnel, liveCounts, reportVersions, series } from "./model";

const activity = (id: string, entered: number, exited: Record<string, number>, more = {}) => ({
  id,
  label: id.toUpperCase(),
  entered,
  waitingNow: 0,
  exited,
  errors: 0,
  timeouts: 0,
  failedCalls: {},
  ...more,
});

const totals = {
  entered: 3,
  finished: 2,
  jumped: 0,
  exitedEarly: 0,
  errors: 1,
  waitingNow: 1,
  discarded: {},
};

const report: JourneyReport = {
  journey: "cart_recovery",
  generatedAt: "2026-12-05T10:03:00Z",
  from: null,
  bucket: "minute",
  totals,
  versions: [
    {
      version: 1,
      state: "closed",
      totals,
      activities: [activity("start", 1, { next: 1 })],
    },
    {
      version: 2,
      state: "live",
      totals,
      activities: [
        activity("start", 3, { next: 3 }),
        activity("wait", 3, { next: 2 }, { waitingNow: 1 }),
        activity("remind", 2, { success: 1, error: 1 }, { errors: 1, failedCalls: { http_500: 1 } }),
      ],
    },
  ],
  unattributedDiscards: {},
  series: [
    { start: "2026-12-05T10:00:00Z", version: 2, activity: "", measure: "started", key: "", count: 2 },
    { start: "2026-12-05T10:02:00Z", version: 2, activity: "", measure: "started", key: "", count: 1 },
    { start: "2026-12-05T10:00:00Z", version: 1, activity: "", measure: "started", key: "", count: 1 },
    { start: "2026-12-05T10:02:00Z", version: 2, activity: "remind", measure: "failedCall", key: "http_500", count: 1 },
    { start: "2026-12-05T10:01:00Z", version: 2, activity: "", measure: "discarded", key: "reentranceWait", count: 4 },
  ],
};

describe("liveCounts and edgeVolumes", () => {
  it("give one version's figures per activity and per edge", () => {
    const counts = liveCounts(report, 2);
    expect(counts.get("wait")).toEqual({ entered: 3, waitingNow: 1, errors: 0, failedCalls: {} });
    expect(counts.get("remind")).toEqual({ entered: 2, waitingNow: 0, errors: 1, failedCalls: { http_500: 1 } });
    expect(edgeVolumes(report, 2).get("remind:error")).toBe(1);
    expect(edgeVolumes(report, 1).get("start:next")).toBe(1);
    expect(liveCounts(report, 7).size).toBe(0);
    expect(reportVersions(report)).toEqual([2, 1]);
  });
});

describe("series", () => {
  it("sums a measure per bucket, with zeros in quiet buckets", () => {
    const t0 = Date.parse("2026-12-05T10:00:00Z") / 1000;
    expect(series(report, "entries", 2)).toEqual({
      times: [t0, t0 + 60, t0 + 120],
      lines: [{ key: "entries", values: [2, 0, 1] }],
    });
    // All versions together.
    expect(series(report, "entries", null).lines[0].values).toEqual([3, 0, 1]);
    expect(series(report, "errors", 2)).toEqual({ times: [t0 + 120], lines: [{ key: "http_500", values: [1] }] });
    expect(series(report, "discards", null).lines).toEqual([{ key: "reentranceWait", values: [4] }]);
    expect(series(report, "errors", 1)).toEqual({ times: [], lines: [] });
  });
});

describe("funnel", () => {
  it("follows the canvas order and gives each step its share of the widest", () => {
    expect(funnel(report, 2, ["start", "wait", "remind", "end"])).toEqual([
      { id: "start", label: "START", entered: 3, share: 1 },
      { id: "wait", label: "WAIT", entered: 3, share: 1 },
      { id: "remind", label: "REMIND", entered: 2, share: 2 / 3 },
    ]);
  });
});

describe("canvasFigures", () => {
  it("gives entries per activity and count (share) per edge, and picks the live version", () => {
    const { counts, volumes } = canvasFigures(report, 2);
    expect(counts).toEqual({ start: 3, wait: 3, remind: 2 });
    expect(volumes.get("wait:next")).toBe("2 (66.7%)");
    expect(volumes.get("remind:error")).toBe("1 (50%)");
    expect(defaultLiveVersion(report)).toBe(2);
    expect(defaultLiveVersion({ ...report, versions: [report.versions[0]] })).toBe(1);
    expect(defaultLiveVersion({ ...report, versions: [] })).toBeNull();
  });
});
