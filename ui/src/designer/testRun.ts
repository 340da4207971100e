// Test mode's pure side: the one JSONL line sent to the simulator, and what its answer
// lights up on the canvas and prints in the log.
import type { Edge } from "../bindings/Edge";
import type { Outcome } from "../bindings/Outcome";
import type { SimulationResult } from "../bindings/SimulationResult";
import type { TraceEntry } from "../bindings/TraceEntry";
import { edgeId } from "../canvas/mapping";
import type { Highlight } from "./store";

export const DEFAULT_TEST_TIME = "2026-01-05T09:00:00Z";

export type TestInput = { at: string; event: string; payloadText: string };

export type BuiltEvents = { ok: true; jsonl: string } | { ok: false; field: "payload" | "time"; message: string };

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return `a ${typeof value}`;
}

/** The JSONL the simulator reads, or which input is wrong and why (nothing is sent then). */
export function buildTestEvents({ at, event, payloadText }: TestInput): BuiltEvents {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch (e) {
    return { ok: false, field: "payload", message: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return { ok: false, field: "payload", message: `The payload must be a JSON object, not ${describeKind(payload)}` };
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at.trim()) || Number.isNaN(Date.parse(at.trim()))) {
    return { ok: false, field: "time", message: `The time must be an ISO 8601 date-time such as ${DEFAULT_TEST_TIME}` };
  }
  return { ok: true, jsonl: JSON.stringify({ at: at.trim(), event, payload }) };
}

/** Nodes the run visited in `journey` (with their entry counts) and the edges it took. */
export function highlightFrom(result: SimulationResult, journey: string, edges: readonly Edge[]): Highlight {
  const counts: Record<string, number> = {};
  for (const [node, report] of Object.entries(result.report.nodes[journey] ?? {})) {
    if (report.entered > 0) counts[node] = report.entered;
  }
  const nodes = new Set<string>();
  const taken = new Set<string>();
  for (const trace of result.traces) {
    for (const entry of trace.entries) {
      if (entry.journey !== journey) continue;
      nodes.add(entry.node);
      if (entry.kind !== "exited") continue;
      const edge = edges.find((e) => e.from === entry.node && e.port === entry.port);
      if (edge) taken.add(edgeId(edge.from, edge.port, edge.to));
    }
  }
  return { counts, nodes, edges: taken };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "undefined";
}

function outcomeText(outcome: Outcome): string {
  switch (outcome.kind) {
    case "ended":
      return "ended";
    case "jumped":
      return `jumped to ${outcome.journey}`;
    case "timedOut":
      return "timed out (global timeout)";
    case "stopped":
      return "left: the journey was stopped";
    case "noPath":
      return "left: no path matched";
    case "failed":
      return `failed: ${outcome.reason}`;
  }
}

/** What a log row shows after the node and kind: the value, port, request or response. */
export function entryDetail(entry: TraceEntry): string {
  switch (entry.kind) {
    case "entered":
      return "";
    case "exited":
      return `→ ${entry.port}`;
    case "evaluated":
      return `${entry.expression} = ${entry.value}`;
    case "request":
      return `${entry.target}\n${json(entry.request)}`;
    case "response":
      return `${entry.target}: ${entry.status}\n${json(entry.body)}`;
    case "timer":
      return `until ${entry.at}`;
    case "finished":
      return outcomeText(entry.outcome);
  }
}
