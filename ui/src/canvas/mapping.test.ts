import { describe, expect, it } from "vitest";

import type { Activity } from "../bindings/Activity";
import type { Diagnostic } from "../bindings/Diagnostic";
import type { Journey } from "../bindings/Journey";
import type { JourneyVersion } from "../bindings/JourneyVersion";
import {
  autoLayout,
  defaultLabel,
  edgeId,
  formatDuration,
  latestVersion,
  outputPorts,
  toFlowEdge,
  toFlowNode,
} from "./mapping";
import cartBundle from "../../../examples/cart_abandonment.parcours.json?raw";

function loadExample(raw: string, name: string): Journey {
  const bundle = JSON.parse(raw) as { journeys: Journey[] };
  const journey = bundle.journeys.find((j) => j.name === name);
  if (!journey) throw new Error(`no journey ${name}`);
  return journey;
}

function version(n: number, nodes: JourneyVersion["nodes"], edges: JourneyVersion["edges"] = []): JourneyVersion {
  return { version: n, status: "draft", properties: {} as JourneyVersion["properties"], nodes, edges };
}

describe("outputPorts", () => {
  const cases: [Activity, string[]][] = [
    [{ type: "entry", event: "e" }, ["next"]],
    [{ type: "wait", wait: { kind: "duration", seconds: 60 } }, ["next"]],
    [{ type: "reaction", event: "e", timeoutSeconds: 10 }, ["next", "timeout"]],
    [
      { type: "condition", paths: [{ port: "a", expression: "true" }, { port: "b", expression: "false" }], other: true },
      ["a", "b", "other"],
    ],
    [{ type: "condition", paths: [{ port: "a", expression: "true" }], other: false }, ["a"]],
    [{ type: "dateCondition", paths: [{ port: "before" }], other: true }, ["before", "other"]],
    [{ type: "timeCondition", paths: [{ port: "day", days: [], from: "09:00", to: "18:00" }], other: false }, ["day"]],
    [{ type: "split", branches: [{ port: "x", weight: 1 }, { port: "y", weight: 3 }] }, ["x", "y"]],
    [{ type: "end" }, []],
    [{ type: "jump", journey: "other" }, []],
    [{ type: "action", action: "send", mapping: {}, errorPath: false }, ["success"]],
    [{ type: "action", action: "send", mapping: {}, errorPath: true }, ["success", "error"]],
  ];
  it.each(cases)("%o → %o", (activity, ports) => {
    expect(outputPorts(activity)).toEqual(ports);
  });
});

describe("labels", () => {
  it("formats durations", () => {
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(90)).toBe("1 min 30 s");
    expect(formatDuration(86_400 + 7200)).toBe("1 d 2 h");
    expect(formatDuration(0)).toBe("0 s");
  });
  it("derives readable defaults", () => {
    expect(defaultLabel({ type: "wait", wait: { kind: "duration", seconds: 3600 } })).toBe("Wait 1 h");
    expect(defaultLabel({ type: "condition", paths: [], other: true })).toBe("Condition");
    expect(defaultLabel({ type: "end" })).toBe("End");
    expect(defaultLabel({ type: "timeCondition", paths: [], other: false })).toBe("Time condition");
    expect(defaultLabel({ type: "jump", journey: "vip" })).toBe("Jump to vip");
  });
});

describe("latestVersion", () => {
  it("picks the highest version number regardless of order", () => {
    const j: Journey = { name: "j", description: "", versions: [version(2, []), version(3, []), version(1, [])] };
    expect(latestVersion(j)?.version).toBe(3);
    expect(latestVersion({ name: "e", description: "", versions: [] })).toBeUndefined();
  });
});

/** The latest version of `journey` as React Flow nodes and edges. */
function flowOf(journey: Journey, diagnostics: Diagnostic[] = []) {
  const v = latestVersion(journey);
  return {
    nodes: (v?.nodes ?? []).map((n) => toFlowNode(n, diagnostics.filter((d) => d.node === n.id))),
    edges: (v?.edges ?? []).map(toFlowEdge),
  };
}

describe("toFlowNode and toFlowEdge", () => {
  it("map the cart_recovery example", () => {
    const journey = loadExample(cartBundle, "cart_recovery");
    const diag: Diagnostic = {
      object: "journey:cart_recovery",
      node: "remind",
      path: "activity",
      code: "E_OPEN_PORT",
      severity: "error",
      message: "Port error is not connected",
    };
    const { nodes, edges } = flowOf(journey, [diag]);
    expect(nodes).toHaveLength(7);
    expect(edges).toHaveLength(6);
    const remind = nodes.find((n) => n.id === "remind");
    expect(remind?.data).toEqual({
      label: "Send reminder",
      kind: "action",
      ports: ["success", "error"],
      diagnostics: [diag],
    });
    expect(remind?.position).toEqual({ x: -160, y: 420 });
    expect(nodes.find((n) => n.id === "start")?.data.diagnostics).toEqual([]);
    expect(edges).toContainEqual({
      id: "still_unpaid:other->end_paid",
      source: "still_unpaid",
      sourceHandle: "other",
      target: "end_paid",
    });
  });

  it("fall back to default labels for blank ones", () => {
    const wait = toFlowNode(
      { id: "w", position: { x: 1, y: 2 }, activity: { type: "wait", wait: { kind: "duration", seconds: 3600 } } },
      [],
    );
    const end = toFlowNode({ id: "end", label: " ", position: { x: 1, y: 200 }, activity: { type: "end" } }, []);
    expect([wait.data.label, end.data.label]).toEqual(["Wait 1 h", "End"]);
    expect(toFlowEdge({ from: "w", port: "next", to: "end" }).id).toBe(edgeId("w", "next", "end"));
    expect(edgeId("w", "next", "end")).toBe("w:next->end");
  });
});

describe("autoLayout", () => {
  it("lays the graph out top to bottom", async () => {
    const journey = loadExample(cartBundle, "cart_recovery");
    const graph = flowOf(journey);
    const positions = await autoLayout(graph);
    expect([...positions.keys()].sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    const y = (id: string) => positions.get(id)?.y ?? Number.NaN;
    for (const e of graph.edges) {
      expect(y(e.target)).toBeGreaterThan(y(e.source));
    }
  });

  it("handles an empty graph", async () => {
    expect((await autoLayout({ nodes: [], edges: [] })).size).toBe(0);
  });
});
