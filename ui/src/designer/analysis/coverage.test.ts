import { describe, expect, it } from "vitest";

import type { Coverage } from "../../bindings/Coverage";
import { describePath, parseStep, stepEdges, uncoveredEdges, uncoveredPaths } from "./coverage";

const example = { at: "2026-01-05T09:00:00Z", payload: { tier: "gold" }, reactions: [], failures: [] };

const coverage: Coverage = {
  journey: "welcome",
  people: 6,
  covered: 2,
  truncated: false,
  paths: [
    { steps: ["entry[next]", "tier[gold]", "send[success]", "end"], covered: true, example },
    { steps: ["entry[next]", "tier[gold]", "send[error]", "end"], covered: false, reason: "nobody left `send` by `error`: no call failed" },
    { steps: ["entry[next]", "tier[other]", "end"], covered: true, example },
    { steps: ["entry[next]", "tier[silver]", "late"], covered: false, reason: "no generated person made `event.tier == \"silver\"` true first" },
    { steps: ["entry[next]", "tier[silver]", "late[timeout]"], covered: false },
  ],
};

describe("steps", () => {
  it("read `node[port]`, and a bare node id as the arrival", () => {
    expect(parseStep("still_unpaid[unpaid]")).toEqual({ node: "still_unpaid", port: "unpaid" });
    expect(parseStep("end")).toEqual({ node: "end", port: null });
    expect(parseStep("a[b[c]]")).toEqual({ node: "a", port: "b[c]" });
    expect(stepEdges(["entry[next]", "tier[gold]", "end"])).toEqual(["entry:next", "tier:gold"]);
  });

  it("join with arrows for people", () => {
    expect(describePath(["entry[next]", "tier[gold]", "end"])).toBe("entry[next] → tier[gold] → end");
  });
});

describe("uncovered edges", () => {
  it("are the steps found in uncovered paths only", () => {
    expect(uncoveredEdges(coverage)).toEqual(new Set(["send:error", "tier:silver", "late:timeout"]));
  });

  it("are none when every path is covered, and every step when none is", () => {
    const all = { ...coverage, paths: coverage.paths.map((p) => ({ ...p, covered: true })) };
    expect(uncoveredEdges(all).size).toBe(0);
    const none = { ...coverage, paths: [{ steps: ["entry[next]", "end"], covered: false }] };
    expect(uncoveredEdges(none)).toEqual(new Set(["entry:next"]));
  });

  it("come with the uncovered paths' steps, for onUncovered", () => {
    expect(uncoveredPaths(coverage)).toEqual([
      ["entry[next]", "tier[gold]", "send[error]", "end"],
      ["entry[next]", "tier[silver]", "late"],
      ["entry[next]", "tier[silver]", "late[timeout]"],
    ]);
  });
});
