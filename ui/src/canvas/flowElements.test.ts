import { describe, expect, it } from "vitest";

import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import { createFlowCache, type NodeInputs } from "./flowElements";

const nodes: Node[] = [
  { id: "a", position: { x: 0, y: 0 }, activity: { type: "entry", event: "e" } },
  { id: "b", position: { x: 0, y: 100 }, activity: { type: "end" } },
];
const edges: Edge[] = [{ from: "a", port: "next", to: "b" }];
const inputs: NodeInputs = {
  selected: new Set(),
  dragging: null,
  measured: {},
  diagnostics: {},
  counts: undefined,
  lit: undefined,
};

describe("flow cache", () => {
  it("reuses unchanged nodes and rebuilds only what changed", () => {
    const cache = createFlowCache();
    const first = cache.nodes(nodes, inputs);
    const edited = [nodes[0], { ...nodes[1], label: "Done" }];
    const second = cache.nodes(edited, inputs);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1].data.label).toBe("Done");
  });

  it("applies selection, drag positions, sizes and test results", () => {
    const cache = createFlowCache();
    const [a, b] = cache.nodes(nodes, {
      ...inputs,
      selected: new Set(["a"]),
      dragging: { b: { x: 9, y: 9 } },
      measured: { a: { width: 200, height: 80 } },
      counts: { a: 2 },
      lit: new Set(["a"]),
    });
    expect(a).toMatchObject({ selected: true, measured: { width: 200, height: 80 }, data: { count: 2, lit: true } });
    expect(b).toMatchObject({ selected: false, position: { x: 9, y: 9 }, data: { lit: false } });
    expect(b.measured).toBeUndefined();
  });

  it("marks lit and selected edges, reusing the others", () => {
    const cache = createFlowCache();
    const [plain] = cache.edges(edges, new Set(), undefined);
    expect(plain).toMatchObject({ id: "a:next->b", animated: false, selected: false });
    expect(cache.edges(edges, new Set(), undefined)[0]).toBe(plain);
    const [lit] = cache.edges(edges, new Set(["a:next->b"]), new Set(["a:next->b"]));
    expect(lit).toMatchObject({ animated: true, selected: true, className: "edge-lit" });
  });
});

describe("edges with analysis results", () => {
  it("label edges with their volumes and mark the never-taken ones, reusing unchanged edges", () => {
    const cache = createFlowCache();
    const model = [
      { from: "a", port: "yes", to: "b" },
      { from: "a", port: "other", to: "c" },
    ];
    const none = new Set<string>();
    const plain = cache.edges(model, none, undefined);
    expect(plain.map((e) => e.label)).toEqual([undefined, undefined]);
    const analysed = cache.edges(model, none, undefined, {
      volumes: new Map([["a:yes", "7,000 (70%)"]]),
      neverTaken: new Set(["a:other"]),
    });
    expect(analysed[0].label).toBe("7,000 (70%)");
    expect(analysed[0].className).toBeUndefined();
    expect(analysed[1].className).toBe("edge-never");
    const lit = cache.edges(model, none, new Set([analysed[1].id]), { neverTaken: new Set(["a:other"]) });
    expect(lit[1].className).toBe("edge-lit edge-never");
    expect(cache.edges(model, none, new Set([analysed[1].id]), { neverTaken: new Set(["a:other"]) })[1]).toBe(lit[1]);
  });
});
