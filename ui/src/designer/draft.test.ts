import { describe, expect, it } from "vitest";

import type { Journey } from "../bindings/Journey";
import type { JourneyVersion } from "../bindings/JourneyVersion";
import type { Node } from "../bindings/Node";
import { openDraft, withDraft } from "./draft";

const properties: JourneyVersion["properties"] = {
  reentrance: { mode: "never" },
  globalTimeoutSeconds: 3600,
  timeZone: { kind: "fixed", zone: "UTC" },
};
const end: Node = { id: "end", position: { x: 0, y: 0 }, activity: { type: "end" } };
const version = (n: number, status: JourneyVersion["status"], nodes: Node[] = []): JourneyVersion => ({
  version: n,
  status,
  properties,
  nodes,
  edges: [],
});

describe("openDraft", () => {
  it("edits the latest version when it is a draft", () => {
    const journey: Journey = { name: "j", description: "", versions: [version(1, "live"), version(2, "draft", [end])] };
    expect(openDraft(journey)).toEqual({ nodes: [end], edges: [], readOnlyReason: null });
  });

  it("is read-only when the latest version is published, or missing", () => {
    const live: Journey = { name: "j", description: "", versions: [version(1, "live", [end])] };
    expect(openDraft(live).readOnlyReason).toMatch(/Version 1 is live/);
    expect(openDraft(live).nodes).toEqual([end]);
    expect(openDraft({ name: "j", description: "", versions: [] }).readOnlyReason).not.toBeNull();
  });
});

describe("withDraft", () => {
  it("replaces only the latest version's graph", () => {
    const old = version(1, "live");
    const journey: Journey = { name: "j", description: "d", versions: [old, version(2, "draft")] };
    const edges = [{ from: "a", port: "next", to: "end" }];
    const saved = withDraft(journey, [end], edges);
    expect(saved.versions[0]).toBe(old);
    expect(saved.versions[1]).toEqual({ ...version(2, "draft"), nodes: [end], edges });
    expect(saved.name).toBe("j");
    expect(journey.versions[1].nodes).toEqual([]);
  });
});
