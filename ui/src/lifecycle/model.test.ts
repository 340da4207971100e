import { describe, expect, it } from "vitest";

import type { JourneyVersion } from "../bindings/JourneyVersion";
import type { VersionDiff } from "../bindings/VersionDiff";
import { edgeId } from "../canvas/mapping";
import { diffCanvas, diffSummary, frozenParts, publishBlocked, shortHash, timeLabel, valueText, versionState } from "./model";

const version = (n: number, nodes: JourneyVersion["nodes"], edges: JourneyVersion["edges"]): JourneyVersion => ({
  version: n,
  status: "draft",
  properties: {
    reentrance: { mode: "never" },
    globalTimeoutSeconds: 86_400,
    timeZone: { kind: "fixed", zone: "UTC" },
  },
  nodes,
  edges,
});

const node = (id: string, activity: JourneyVersion["nodes"][number]["activity"]) => ({
  id,
  label: id,
  position: { x: 0, y: 0 },
  activity,
});

describe("publishBlocked", () => {
  it("says why Publish is disabled, or nothing", () => {
    expect(publishBlocked("draft", 0, false)).toBeNull();
    expect(publishBlocked("draft", 2, false)).toBe("Fix 2 errors first: errors block publishing.");
    expect(publishBlocked("draft", 1, false)).toBe("Fix 1 error first: errors block publishing.");
    expect(publishBlocked("live", 0, false)).toMatch(/make a new version/);
    expect(publishBlocked("draft", 0, true)).toBe("Saving…");
    expect(publishBlocked(undefined, 0, false)).toMatch(/no version/);
  });
});

describe("frozenParts", () => {
  it("lists the events, actions and data sources a version uses, once each, sorted", () => {
    const nodes = [
      node("start", { type: "entry", event: "cart_abandoned" }),
      node("r", { type: "reaction", event: "order_paid", timeoutSeconds: 3600 }),
      node("a", { type: "action", action: "send_sms", mapping: {}, errorPath: false }),
      node("b", { type: "action", action: "send_email", mapping: {}, errorPath: false }),
      node("c", { type: "action", action: "send_sms", mapping: {}, errorPath: false }),
    ] as JourneyVersion["nodes"];
    expect(frozenParts(nodes, [{ source: "orders", group: "byCart", parameters: {} }])).toEqual({
      events: ["cart_abandoned", "order_paid"],
      actions: ["send_email", "send_sms"],
      dataSources: ["orders"],
    });
  });
});

describe("versionState", () => {
  it("shows a paused live version as paused", () => {
    const v = version(1, [], []);
    expect(versionState({ ...v, status: "live" })).toBe("live");
    expect(versionState({ ...v, status: "live", pausedAt: "2026-12-01T09:00:00Z" })).toBe("paused");
    expect(versionState(undefined)).toBeUndefined();
  });
});

describe("diffCanvas", () => {
  it("draws the newer version with what the older lost, each marked", () => {
    const from = version(
      1,
      [node("start", { type: "entry", event: "e" }), node("old", { type: "end" })],
      [{ from: "start", port: "next", to: "old" }],
    );
    const to = version(
      2,
      [node("start", { type: "entry", event: "e" }), node("new", { type: "end" })],
      [{ from: "start", port: "next", to: "new" }],
    );
    const diff: VersionDiff = {
      journey: "j",
      from: 1,
      to: 2,
      activities: [
        { id: "new", change: "added", kind: "end", label: "new", fields: [] },
        { id: "old", change: "removed", kind: "end", label: "old", fields: [] },
      ],
      edges: [
        { from: "start", port: "next", to: "new", change: "added" },
        { from: "start", port: "next", to: "old", change: "removed" },
      ],
      properties: [],
      configurations: [],
    };
    const canvas = diffCanvas(from, to, diff);
    expect(canvas.nodes.map((n) => n.id)).toEqual(["start", "new", "old"]);
    expect(canvas.edges).toHaveLength(2);
    expect(canvas.marks.nodes).toEqual({ new: "added", old: "removed" });
    expect(canvas.marks.edges[edgeId("start", "next", "old")]).toBe("removed");
    expect(canvas.marks.edges[edgeId("start", "next", "new")]).toBe("added");
    expect(diffSummary(diff)).toBe("2 activities, 2 connections changed");
    expect(diffSummary({ ...diff, activities: [], edges: [] })).toBe("No changes");
  });
});

describe("small labels", () => {
  it("shortens hashes and values", () => {
    expect(shortHash("53c49a05a7b22534a7268bfe54586739c34caf9a4804216fe67bdc8136c12a05")).toBe("53c49a05a7b2");
    expect(shortHash(undefined)).toBe("—");
    expect(valueText(3600)).toBe("3600");
    expect(valueText(null)).toBe("(none)");
    expect(valueText("x".repeat(200))).toHaveLength(78);
  });
});

describe("timeLabel", () => {
  it("shows an RFC 3339 time in UTC to the second, or a dash", () => {
    expect(timeLabel("2026-12-05T10:00:01.234Z")).toBe("2026-12-05 10:00:01 UTC");
    expect(timeLabel("2026-12-05T10:00:01Z")).toBe("2026-12-05 10:00:01 UTC");
    expect(timeLabel(null)).toBe("—");
    expect(timeLabel(undefined)).toBe("—");
  });
});
