import { afterEach, describe, expect, it, vi } from "vitest";

import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import { CASCADE } from "./activities";
import { copyNodes, pasteNodes, readClipboard, writeClipboard } from "./clipboard";

const nodes: Node[] = [
  { id: "start", position: { x: 0, y: 0 }, activity: { type: "entry", event: "e" } },
  { id: "check", label: "Big cart?", position: { x: 0, y: 100 }, activity: { type: "condition", paths: [], other: true } },
  { id: "end_1", position: { x: 0, y: 200 }, activity: { type: "end" } },
];
const edges: Edge[] = [
  { from: "start", port: "next", to: "check" },
  { from: "check", port: "other", to: "end_1" },
];

describe("copyNodes", () => {
  it("keeps only edges between copied nodes", () => {
    expect(copyNodes(nodes, edges, new Set(["check", "end_1"]))).toEqual({
      nodes: [nodes[1], nodes[2]],
      edges: [edges[1]],
    });
    expect(copyNodes(nodes, edges, new Set())).toBeNull();
  });
});

describe("pasteNodes", () => {
  const clip = { nodes: [nodes[1], nodes[2]], edges: [edges[1]] };

  it("gives fresh ids, keeps labels and inner edges, and shifts the copy", () => {
    const pasted = pasteNodes(clip, new Set(nodes.map((n) => n.id)), nodes.map((n) => n.position));
    expect(pasted.nodes.map((n) => n.id)).toEqual(["condition_1", "end_2"]);
    expect(pasted.nodes[0].label).toBe("Big cart?");
    expect(pasted.nodes[0].position).toEqual({ x: CASCADE, y: 100 + CASCADE });
    expect(pasted.edges).toEqual([{ from: "condition_1", port: "other", to: "end_2" }]);
  });

  it("does not land on an earlier paste", () => {
    const occupied = [...nodes.map((n) => n.position), { x: CASCADE, y: 100 + CASCADE }];
    expect(pasteNodes(clip, new Set(), occupied).nodes[0].position).toEqual({ x: 2 * CASCADE, y: 100 + 2 * CASCADE });
  });
});

describe("clipboard storage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shares the copy through localStorage", () => {
    const store = new Map<string, string>();
    vi.stubGlobal("localStorage", {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    });
    const clip = { nodes: [nodes[2]], edges: [] };
    writeClipboard(clip);
    expect([...store.values()]).toEqual([JSON.stringify(clip)]);
    store.set([...store.keys()][0], JSON.stringify({ nodes: [nodes[0]], edges: [] }));
    expect(readClipboard()).toEqual({ nodes: [nodes[0]], edges: [] });
  });

  it("falls back to memory when storage refuses or holds garbage", () => {
    vi.stubGlobal("localStorage", {
      getItem: () => "{not json",
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    });
    const clip = { nodes: [nodes[1]], edges: [] };
    writeClipboard(clip);
    expect(readClipboard()).toEqual(clip);
  });
});
