import { describe, expect, it } from "vitest";

import { outputPorts, type ActivityKind } from "../canvas/mapping";
import {
  CASCADE,
  clearSpot,
  defaultActivity,
  freePosition,
  isActivityKind,
  newPortName,
  PALETTE,
  uniqueNodeId,
} from "./activities";

const ALL: ActivityKind[] = [
  "entry",
  "reaction",
  "condition",
  "split",
  "wait",
  "dateCondition",
  "timeCondition",
  "jump",
  "end",
  "action",
];

describe("PALETTE", () => {
  it("offers every activity kind exactly once, grouped", () => {
    expect(PALETTE.map((g) => g.title)).toEqual(["Events", "Orchestration", "Actions"]);
    expect(PALETTE.flatMap((g) => g.kinds).sort()).toEqual([...ALL].sort());
  });

  it("recognises dropped kinds and nothing else", () => {
    expect(ALL.every(isActivityKind)).toBe(true);
    expect(isActivityKind("toString")).toBe(false);
    expect(isActivityKind("")).toBe(false);
  });
});

describe("defaultActivity", () => {
  it.each(ALL)("builds a %s of that kind", (kind) => {
    expect(defaultActivity(kind, { events: [], actions: [] }).type).toBe(kind);
  });

  it("picks the first event and action of the workspace", () => {
    const catalog = { events: ["signup", "order"], actions: ["send_sms"] };
    expect(defaultActivity("entry", catalog)).toEqual({ type: "entry", event: "signup" });
    expect(defaultActivity("action", catalog)).toMatchObject({ action: "send_sms", errorPath: false });
  });

  it("gives branching activities distinct ports and splits weights summing to 100", () => {
    for (const kind of ALL) {
      const ports = outputPorts(defaultActivity(kind, { events: [], actions: [] }));
      expect(new Set(ports).size).toBe(ports.length);
    }
    const split = defaultActivity("split", { events: [], actions: [] });
    expect(split.type === "split" && split.branches.reduce((s, b) => s + b.weight, 0)).toBe(100);
  });
});

describe("uniqueNodeId", () => {
  it("numbers from 1, filling gaps, in snake case", () => {
    expect(uniqueNodeId("condition", new Set())).toBe("condition_1");
    expect(uniqueNodeId("condition", new Set(["condition_1", "condition_3"]))).toBe("condition_2");
    expect(uniqueNodeId("dateCondition", new Set())).toBe("date_condition_1");
  });
});

describe("freePosition", () => {
  it("keeps a free spot and cascades over taken ones", () => {
    expect(freePosition({ x: 10, y: 20 }, [])).toEqual({ x: 10, y: 20 });
    expect(freePosition({ x: 10, y: 20 }, [{ x: 10, y: 20 }, { x: 10 + CASCADE, y: 20 + CASCADE }])).toEqual({
      x: 10 + 2 * CASCADE,
      y: 20 + 2 * CASCADE,
    });
  });
});

describe("clearSpot", () => {
  const size = { width: 200, height: 80 };
  it("keeps a free spot, and goes below activities it would overlap", () => {
    expect(clearSpot({ x: 0, y: 0 }, [{ x: 300, y: 0 }], size)).toEqual({ x: 0, y: 0 });
    expect(clearSpot({ x: 0, y: 0 }, [{ x: 50, y: 0 }], size)).toEqual({ x: 0, y: 104 });
    expect(clearSpot({ x: 0, y: 0 }, [{ x: 50, y: 30 }], size)).toEqual({ x: 0, y: 208 });
    // Three in a row from the same spot end up one under the other.
    const placed: { x: number; y: number }[] = [];
    for (let i = 0; i < 3; i++) placed.push(clearSpot({ x: 0, y: 0 }, placed, size));
    expect(placed).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 104 },
      { x: 0, y: 208 },
    ]);
  });
});

describe("clearSpot in view", () => {
  const size = { width: 200, height: 80 };
  const view = { x: -500, y: -300, width: 1200, height: 700 };
  it("takes the nearest free cell the view holds: below, then above, then beside", () => {
    const placed: { x: number; y: number }[] = [{ x: 0, y: 0 }];
    for (let i = 0; i < 4; i++) placed.push(clearSpot({ x: 0, y: 0 }, placed, size, view));
    expect(placed).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 104 },
      { x: 0, y: -104 },
      { x: 0, y: 208 },
      { x: 0, y: -208 },
    ]);
    // A column filling the view's height: the next goes beside it, still in view.
    const column = Array.from({ length: 7 }, (_, i) => ({ x: 0, y: -300 + i * 104 }));
    const beside = clearSpot({ x: 0, y: 0 }, column, size, view);
    expect(Math.abs(beside.x)).toBe(224);
    expect(beside.y).toBeGreaterThanOrEqual(view.y);
  });

  it("falls back to below when the view has no room", () => {
    const small = { x: 0, y: 0, width: 200, height: 80 };
    expect(clearSpot({ x: 0, y: 0 }, [{ x: 0, y: 0 }], size, small)).toEqual({ x: 0, y: 104 });
  });
});

describe("newPortName", () => {
  it("numbers after the existing ports and skips taken names", () => {
    expect(newPortName([])).toBe("path_1");
    expect(newPortName(["yes"])).toBe("path_2");
    expect(newPortName(["path_2"], "path")).toBe("path_3");
    expect(newPortName(["a", "b"], "branch")).toBe("branch_3");
  });
});
