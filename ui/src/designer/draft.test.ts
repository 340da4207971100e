import { describe, expect, it } from "vitest";

import type { Journey } from "../bindings/Journey";
import type { JourneyVersion } from "../bindings/JourneyVersion";
import type { Node } from "../bindings/Node";
import { NO_SETTINGS, openDraft, withDraft, type Settings } from "./draft";

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
    expect(openDraft(journey)).toEqual({
      nodes: [end],
      edges: [],
      settings: { description: "", tags: [], properties, data: [] },
      readOnlyReason: null,
    });
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

describe("settings", () => {
  const lookup = { source: "orders", group: "byCart", parameters: { cartId: "event.cartId" }, default: { paid: false } };

  it("open with the journey's words and the latest version's properties and lookups", () => {
    const latest = { ...version(2, "draft"), data: [lookup] };
    const journey: Journey = { name: "j", description: "d", tags: ["retention"], versions: [version(1, "live"), latest] };
    expect(openDraft(journey).settings).toEqual({ description: "d", tags: ["retention"], properties, data: [lookup] });
    expect(openDraft({ name: "j", description: "", versions: [] }).settings).toEqual(NO_SETTINGS);
  });

  it("are written back to the journey and its latest version only", () => {
    const old = version(1, "live");
    const journey: Journey = { name: "j", description: "d", versions: [old, version(2, "draft")] };
    const settings: Settings = {
      description: "Win back carts",
      tags: ["black-friday"],
      properties: { ...properties, globalTimeoutSeconds: 86_400, start: "2026-11-27T00:00:00Z" },
      data: [lookup],
    };
    const saved = withDraft(journey, [end], [], settings);
    expect(saved.description).toBe("Win back carts");
    expect(saved.tags).toEqual(["black-friday"]);
    expect(saved.versions[0]).toBe(old);
    expect(saved.versions[1].properties).toEqual(settings.properties);
    expect(saved.versions[1].data).toEqual([lookup]);
  });

  it("leave out empty tags and lookups, as Rust writes them", () => {
    const journey: Journey = { name: "j", description: "", tags: ["x"], versions: [{ ...version(1, "draft"), data: [lookup] }] };
    const saved = withDraft(journey, [], [], { ...NO_SETTINGS, properties });
    expect("tags" in saved).toBe(false);
    expect("data" in saved.versions[0]).toBe(false);
  });
});
