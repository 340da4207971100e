import { describe, expect, it } from "vitest";

import type { Node } from "../bindings/Node";
import { entryOf, OPEN_ZOOM, openingViewport } from "./startOfJourney";

const node = (id: string, x: number, y: number, activity: Node["activity"]): Node => ({ id, label: "", position: { x, y }, activity });

describe("where a large journey opens", () => {
  const wait = node("w1", 0, 0, { type: "wait", wait: { kind: "duration", seconds: 60 } });
  const entry = node("start", 520, 160, { type: "entry", event: "cart" });

  it("starts from the entry, or the first activity when there is none", () => {
    expect(entryOf([wait, entry])?.id).toBe("start");
    expect(entryOf([wait])?.id).toBe("w1");
    expect(entryOf([])).toBeUndefined();
  });

  it("puts the entry at the top centre of the pane", () => {
    const v = openingViewport(entry, 800);
    expect(v.zoom).toBe(OPEN_ZOOM);
    // The entry (200 wide) is centred: its middle, flow x 620, lands at screen x 400.
    expect(v.x + 620 * v.zoom).toBeCloseTo(400);
    // Its top edge, flow y 160, lands 40 px below the top.
    expect(v.y + 160 * v.zoom).toBeCloseTo(40);
  });
});
