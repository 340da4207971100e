import { describe, expect, it } from "vitest";

import type { Activity } from "../bindings/Activity";
import type { Edge } from "../bindings/Edge";
import type { Node } from "../bindings/Node";
import { checkConnection, reaches, reconcilePorts, targetOptions } from "./graphRules";

const node = (id: string, activity: Activity): Node => ({ id, position: { x: 0, y: 0 }, activity });
const nodes: Node[] = [
  node("start", { type: "entry", event: "signup" }),
  node("wait", { type: "wait", wait: { kind: "duration", seconds: 60 } }),
  node("check", { type: "condition", paths: [{ port: "yes", expression: "true" }], other: true }),
  node("done", { type: "end" }),
];
const edges: Edge[] = [
  { from: "start", port: "next", to: "wait" },
  { from: "wait", port: "next", to: "check" },
];

describe("checkConnection", () => {
  it("accepts a free port to a later node", () => {
    expect(checkConnection(nodes, edges, { from: "check", port: "yes", to: "done" })).toEqual({ ok: true });
  });

  it("refuses a self-loop", () => {
    expect(checkConnection(nodes, edges, { from: "check", port: "yes", to: "check" })).toMatchObject({
      ok: false,
      reason: "self",
    });
  });

  it("refuses an edge into the entry node", () => {
    expect(checkConnection(nodes, edges, { from: "check", port: "other", to: "start" })).toMatchObject({
      ok: false,
      reason: "entry",
      message: "Nothing may lead into the entry event",
    });
  });

  it("refuses a port that already has an edge", () => {
    expect(checkConnection(nodes, edges, { from: "wait", port: "next", to: "done" })).toMatchObject({
      ok: false,
      reason: "portUsed",
    });
  });

  it("refuses a connection that closes a loop", () => {
    expect(checkConnection(nodes, edges, { from: "check", port: "other", to: "wait" })).toMatchObject({
      ok: false,
      reason: "cycle",
      message: "This connection would create a loop",
    });
  });

  it("refuses a port the node does not have, and an unknown source", () => {
    expect(checkConnection(nodes, edges, { from: "check", port: "no", to: "done" })).toMatchObject({
      reason: "unknownPort",
    });
    expect(checkConnection(nodes, edges, { from: "ghost", port: "next", to: "done" })).toMatchObject({
      reason: "unknownPort",
    });
  });
});

describe("reaches", () => {
  it("follows edges transitively and not backwards", () => {
    expect(reaches(edges, "start", "check")).toBe(true);
    expect(reaches(edges, "check", "start")).toBe(false);
    expect(reaches(edges, "done", "done")).toBe(true);
  });
});

describe("reconcilePorts", () => {
  const out: Edge[] = [
    { from: "c", port: "a", to: "x" },
    { from: "c", port: "b", to: "y" },
    { from: "d", port: "a", to: "z" },
  ];

  it("returns the same array when the ports keep their names", () => {
    expect(reconcilePorts(out, "c", ["a", "b"], ["a", "b", "other"])).toBe(out);
  });

  it("moves the edge of a renamed port", () => {
    expect(reconcilePorts(out, "c", ["a", "b"], ["a", "bee"])).toEqual([
      { from: "c", port: "a", to: "x" },
      { from: "c", port: "bee", to: "y" },
      { from: "d", port: "a", to: "z" },
    ]);
  });

  it("drops the edge of a removed port, leaving other nodes alone", () => {
    expect(reconcilePorts(out, "c", ["a", "b"], ["b"])).toEqual([
      { from: "c", port: "b", to: "y" },
      { from: "d", port: "a", to: "z" },
    ]);
  });
});

describe("targetOptions", () => {
  it("refuses for the same reasons checkConnection does", () => {
    const options = targetOptions(nodes, edges, "check");
    expect(options.map((o) => [o.id, o.refusal])).toEqual([
      ["start", "Nothing may lead into the entry event"],
      ["wait", "This connection would create a loop"],
      ["check", "A node cannot connect to itself"],
      ["done", null],
    ]);
    for (const o of options) {
      const verdict = checkConnection(nodes, edges, { from: "check", port: "other", to: o.id });
      expect(verdict.ok ? null : verdict.message).toBe(o.refusal);
    }
  });
});
