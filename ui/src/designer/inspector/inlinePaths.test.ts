import { describe, expect, it } from "vitest";

import { inlinePaths } from "./inlinePaths";

describe("inlinePaths", () => {
  it("covers each condition path's fields and the list itself", () => {
    const paths = inlinePaths({
      type: "condition",
      paths: [
        { port: "a", expression: "true" },
        { port: "b", expression: "false" },
      ],
      other: false,
    });
    expect(paths.has("activity.paths")).toBe(true);
    expect(paths.has("activity.paths[1].expression")).toBe(true);
    expect(paths.has("activity.paths[0].port")).toBe(true);
    expect(paths.has("activity.paths[2].expression")).toBe(false);
    expect(paths.has("activity")).toBe(false);
  });

  it("covers an action's mapping rows and dynamic path", () => {
    const paths = inlinePaths({ type: "action", action: "send", mapping: {}, errorPath: false }, ["payload.to"]);
    expect([...paths].sort()).toEqual(["activity.action", "activity.dynamicPath", "activity.mapping.payload.to"]);
  });

  it("leaves everything of an end to the general list", () => {
    expect(inlinePaths({ type: "end" }).size).toBe(0);
  });
});
