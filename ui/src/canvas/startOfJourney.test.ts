import { describe, expect, it } from "vitest";

import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import { startOfJourney } from "./startOfJourney";

const node = (id: string, type: "entry" | "end" | "wait"): Node =>
  ({
    id,
    label: "",
    position: { x: 0, y: 0 },
    activity: type === "wait" ? { type, wait: { kind: "duration", seconds: 60 } } : type === "entry" ? { type, event: "e" } : { type },
  }) as Node;
const edge = (from: string, to: string, port = "next"): Edge => ({ from, port, to });

describe("startOfJourney", () => {
  it("takes the entry and what follows it, breadth first, up to the count", () => {
    const nodes = [node("end", "end"), node("w2", "wait"), node("w1", "wait"), node("start", "entry")];
    const edges = [edge("start", "w1"), edge("w1", "w2"), edge("w2", "end")];
    expect(startOfJourney(nodes, edges, 3)).toEqual([{ id: "start" }, { id: "w1" }, { id: "w2" }]);
    expect(startOfJourney(nodes, edges, 10)).toHaveLength(4);
  });

  it("falls back to the first node when there is no entry, and survives cycles", () => {
    const nodes = [node("a", "wait"), node("b", "wait")];
    expect(startOfJourney(nodes, [edge("a", "b"), edge("b", "a")], 5)).toEqual([{ id: "a" }, { id: "b" }]);
    expect(startOfJourney([], [], 5)).toEqual([]);
  });
});
