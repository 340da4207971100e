// Pure mappers from the journey model to @xyflow/react nodes and edges, plus an
// elkjs auto-layout. No React, no Tauri: unit tested in mapping.test.ts.
import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";

import type { Activity } from "../bindings/Activity";
import type { Diagnostic } from "../bindings/Diagnostic";
import type { Edge } from "../bindings/Edge";
import type { Journey } from "../bindings/Journey";
import type { JourneyVersion } from "../bindings/JourneyVersion";
import type { Node } from "../bindings/Node";
import type { Position } from "../bindings/Position";
import type { WaitSpec } from "../bindings/WaitSpec";

export type ActivityKind = Activity["type"];

export type JourneyNodeData = {
  label: string;
  kind: ActivityKind;
  ports: string[];
  diagnostics: Diagnostic[];
  /** Set after a test run: how many times the run entered the node. */
  count?: number;
  /** Set after a test run: the run visited the node. */
  lit?: boolean;
  /** In the diff view: how the activity changed between the two versions. */
  diff?: "added" | "removed" | "changed";
};

export type JourneyFlowNode = FlowNode<JourneyNodeData, "activity">;
export type JourneyFlowEdge = FlowEdge;

/** The version with the highest `version` number, or undefined when there is none. */
export function latestVersion(journey: Journey): JourneyVersion | undefined {
  let best: JourneyVersion | undefined;
  for (const v of journey.versions) {
    if (best === undefined || v.version > best.version) best = v;
  }
  return best;
}

/** Mirrors Rust's `Activity::output_ports`, in the same order. */
export function outputPorts(activity: Activity): string[] {
  switch (activity.type) {
    case "entry":
    case "wait":
      return ["next"];
    case "reaction":
      return ["next", "timeout"];
    case "condition": {
      const ports = activity.paths.map((p) => p.port);
      if (activity.other) ports.push("other");
      // Taken when a data lookup the paths read fails (Rust's order: paths, other, error).
      if (activity.errorPath === true) ports.push("error");
      return ports;
    }
    case "dateCondition":
    case "timeCondition": {
      const ports = activity.paths.map((p) => p.port);
      if (activity.other) ports.push("other");
      return ports;
    }
    case "split":
      return activity.branches.map((b) => b.port);
    case "end":
    case "jump":
      return [];
    case "action":
      return activity.errorPath ? ["success", "error"] : ["success"];
  }
}

/** "1 h", "30 min", "1 d 2 h", "45 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "0 s";
  const units: [number, string][] = [
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ];
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n} ${unit}`);
      rest -= n * size;
    }
  }
  return parts.join(" ");
}

function waitLabel(wait: WaitSpec): string {
  return wait.kind === "duration" ? `Wait ${formatDuration(wait.seconds)}` : "Wait until";
}

const KIND_LABELS: Record<ActivityKind, string> = {
  entry: "Entry",
  reaction: "Reaction",
  condition: "Condition",
  split: "Split",
  dateCondition: "Date condition",
  timeCondition: "Time condition",
  wait: "Wait",
  end: "End",
  jump: "Jump",
  action: "Action",
};

export function kindLabel(kind: ActivityKind): string {
  return KIND_LABELS[kind];
}

/** A readable label for an unlabelled node, derived from its activity. */
export function defaultLabel(activity: Activity): string {
  switch (activity.type) {
    case "entry":
      return `Entry: ${activity.event}`;
    case "reaction":
      return `Await ${activity.event}`;
    case "wait":
      return waitLabel(activity.wait);
    case "jump":
      return `Jump to ${activity.journey}`;
    case "action":
      return `Action: ${activity.action}`;
    default:
      return KIND_LABELS[activity.type];
  }
}

export function edgeId(from: string, port: string, to: string): string {
  return `${from}:${port}->${to}`;
}

/** A journey node as React Flow draws it, with the diagnostics located on it. */
export function toFlowNode(n: Node, diagnostics: Diagnostic[]): JourneyFlowNode {
  const label = n.label && n.label.trim() !== "" ? n.label : defaultLabel(n.activity);
  return {
    id: n.id,
    type: "activity",
    position: { x: n.position.x, y: n.position.y },
    data: { label, kind: n.activity.type, ports: outputPorts(n.activity), diagnostics },
  };
}

/** An edge leaves its source by the handle named after its port, labelled with it. */
export function toFlowEdge(e: Edge): JourneyFlowEdge {
  // No label: the port is named on its node, and a label per edge doubles what each frame paints.
  return { id: edgeId(e.from, e.port, e.to), source: e.from, sourceHandle: e.port, target: e.to };
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 80;

/** Width a node needs so that its port labels fit along the bottom. */
export function nodeWidth(ports: readonly string[]): number {
  return Math.max(NODE_WIDTH, ports.length * 90);
}

type LayoutInput = {
  nodes: readonly { id: string; data: { ports: readonly string[] } }[];
  edges: readonly { source: string; target: string }[];
};

/**
 * Automatic layered layout (top to bottom). Resolves to the new top-left position of every node.
 * elkjs (~1.5 MB) is loaded on first use so it stays out of the main bundle.
 */
export async function autoLayout(graph: LayoutInput): Promise<Map<string, Position>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.spacing.nodeNode": "60",
      "elk.layered.spacing.nodeNodeBetweenLayers": "80",
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: nodeWidth(n.data.ports), height: NODE_HEIGHT })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  });
  const positions = new Map<string, Position>();
  for (const child of result.children ?? []) {
    positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  }
  return positions;
}
