import { describe, expect, it } from "vitest";

import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import { drawFarScene, type FarColors } from "./farDraw";
import { closeEnough, MAX_SIDE, pictureScale } from "./farImage";
import { boxAt, buildFarScene, sameDrawing, sceneBounds, type FarInputs } from "./farScene";
import { NODE_HEIGHT } from "./mapping";

const node = (id: string, x: number, y: number, activity: Node["activity"]): Node => ({
  id,
  label: "",
  position: { x, y },
  activity,
});

const nodes: Node[] = [
  node("start", 0, 0, { type: "entry", event: "cart" }),
  node("check", 0, 200, { type: "condition", paths: [{ port: "big", expression: "true" }], other: true }),
  node("end", 400, 400, { type: "end" }),
];
const edges: Edge[] = [
  { from: "start", port: "next", to: "check" },
  { from: "check", port: "other", to: "end" },
];

const inputs = (over: Partial<FarInputs> = {}): FarInputs => ({
  nodes,
  edges,
  measured: {},
  dragging: null,
  selected: new Set(),
  errors: new Set(),
  litNodes: undefined,
  litEdges: undefined,
  ...over,
});

describe("the far scene", () => {
  it("has a box per activity, sized as measured or as the node would be", () => {
    const scene = buildFarScene(inputs({ measured: { start: { width: 250, height: 90 } } }));
    expect(scene.boxes.map((b) => [b.id, b.w, b.h])).toEqual([
      ["start", 250, 90],
      ["check", 200, NODE_HEIGHT],
      ["end", 200, NODE_HEIGHT],
    ]);
  });

  it("joins each port's place on the bottom to the middle of the target's top", () => {
    const scene = buildFarScene(inputs());
    // `check` has ports big, other: `other` sits at two thirds of its width.
    expect(scene.lines[1]).toEqual({ x1: 200 * (2 / 3), y1: 200 + NODE_HEIGHT, x2: 500, y2: 400, lit: false });
    expect(scene.lines[0]).toMatchObject({ x1: 100, y1: NODE_HEIGHT, x2: 100, y2: 200 });
  });

  it("shows errors before the test path, selection on top, and follows a drag", () => {
    const scene = buildFarScene(
      inputs({
        errors: new Set(["check"]),
        litNodes: new Set(["start", "check"]),
        litEdges: new Set(["start:next->check"]),
        selected: new Set(["end"]),
        dragging: { end: { x: 600, y: 420 } },
      }),
    );
    expect(scene.boxes.map((b) => b.state)).toEqual(["lit", "error", "plain"]);
    expect(scene.boxes[2]).toMatchObject({ selected: true, x: 600, y: 420 });
    expect(scene.lines.map((l) => l.lit)).toEqual([true, false]);
  });

  it("finds the activity under a point and the bounds of them all", () => {
    const scene = buildFarScene(inputs());
    expect(boxAt(scene, { x: 450, y: 450 })).toBe("end");
    expect(boxAt(scene, { x: 300, y: 100 })).toBeNull();
    expect(sceneBounds(scene)).toEqual({ x: 0, y: 0, w: 600, h: 400 + NODE_HEIGHT });
  });
});

/** Records what a frame paints. */
function recorder() {
  const calls: string[] = [];
  const ctx = {
    canvas: { width: 800, height: 600 },
    set fillStyle(v: string) {
      calls.push(`fill ${v}`);
    },
    set strokeStyle(v: string) {
      calls.push(`stroke ${v}`);
    },
    lineWidth: 1,
    globalAlpha: 1,
    setTransform: () => {},
    clearRect: () => calls.push("clear"),
    beginPath: () => {},
    moveTo: (x: number, y: number) => calls.push(`move ${x},${y}`),
    lineTo: () => {},
    stroke: () => calls.push("stroke()"),
    fillRect: (x: number, y: number) => calls.push(`rect ${x},${y}`),
    strokeRect: (x: number) => calls.push(`outline ${Math.round(x)}`),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

const colors: FarColors = { kinds: { entry: "green", condition: "purple" }, fallback: "blue", line: "grey", error: "red", lit: "amber" };

describe("painting the far scene", () => {
  it("groups boxes by colour and skips what is out of view", () => {
    const { ctx, calls } = recorder();
    const scene = buildFarScene(inputs());
    // Zoom 1, showing flow x 0–300, y 0–600: `end` (x 400) is out of view.
    drawFarScene(ctx, scene, { x: 0, y: 0, zoom: 1, width: 300, height: 600 }, colors, 1);
    const rects = calls.filter((c) => c.startsWith("rect"));
    expect(rects).toEqual(["rect 0,0", "rect 0,200"]);
    expect(calls.filter((c) => c.startsWith("fill"))).toEqual(["fill green", "fill purple"]);
    // Plain lines are one stroke, lit lines another (empty here).
    expect(calls.filter((c) => c === "stroke()")).toHaveLength(2);
  });

  it("moves with the viewport", () => {
    const { ctx, calls } = recorder();
    const scene = buildFarScene(inputs());
    // Panned so that flow x 400–700 is on screen: only `end` is drawn.
    drawFarScene(ctx, scene, { x: -400, y: 0, zoom: 1, width: 300, height: 600 }, colors, 1);
    expect(calls.filter((c) => c.startsWith("rect"))).toEqual(["rect 400,400"]);
  });
});

describe("the far picture's scale", () => {
  it("follows the zoom until the picture would pass its largest side", () => {
    const scene = buildFarScene(inputs()); // 600 × 480 flow units
    expect(pictureScale(scene, 0.3)).toBe(0.3);
    expect(pictureScale(scene, 20)).toBeCloseTo(MAX_SIDE / 600);
  });

  it("is redrawn only when the zoom moved a quarter away", () => {
    expect(closeEnough(0.2, 0.22)).toBe(true);
    expect(closeEnough(0.2, 0.26)).toBe(false);
    expect(closeEnough(0.2, 0.15)).toBe(false);
  });
});

describe("whether a scene needs drawing again", () => {
  it("ignores a rebuild and the selection, not a move or a new state", () => {
    const a = buildFarScene(inputs());
    expect(sameDrawing(a, buildFarScene(inputs({ selected: new Set(["end"]) })))).toBe(true);
    expect(sameDrawing(a, buildFarScene(inputs({ dragging: { end: { x: 1, y: 2 } } })))).toBe(false);
    expect(sameDrawing(a, buildFarScene(inputs({ errors: new Set(["start"]) })))).toBe(false);
    expect(sameDrawing(a, buildFarScene(inputs({ litEdges: new Set(["start:next->check"]) })))).toBe(false);
  });
});
