import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Activity } from "../bindings/Activity";
import type { Diagnostic } from "../bindings/Diagnostic";
import type { Node } from "../bindings/Node";
import { NO_SETTINGS } from "./draft";
import { COALESCE_MS, createDesignerStore } from "./store";

const catalog = { events: ["cart_abandoned"], actions: ["send_reminder"] };
const at = { x: 0, y: 0 };

function emptyStore() {
  return createDesignerStore({ nodes: [], edges: [], readOnly: false });
}

/** entry_1 → condition_1 (yes, other) and end_1, all unconnected but the first edge. */
function smallGraph() {
  const store = emptyStore();
  const s = () => store.getState();
  s().addNode("entry", at, catalog);
  s().addNode("condition", { x: 0, y: 150 }, catalog);
  s().addNode("end", { x: 0, y: 300 }, catalog);
  expect(s().connect({ from: "entry_1", port: "next", to: "condition_1" })).toEqual({ ok: true });
  return store;
}

const condition = (expression: string): Activity => ({
  type: "condition",
  paths: [{ port: "yes", expression }],
  other: true,
});

describe("designer store", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("adds nodes with unique ids and default activities, selecting the new one", () => {
    const store = emptyStore();
    const first = store.getState().addNode("entry", at, catalog);
    const second = store.getState().addNode("entry", at, catalog);
    expect([first, second]).toEqual(["entry_1", "entry_2"]);
    const { nodes, selection } = store.getState();
    expect(nodes[0].activity).toEqual({ type: "entry", event: "cart_abandoned" });
    expect(nodes[1].position).not.toEqual(nodes[0].position);
    expect(selection).toEqual({ nodes: ["entry_2"], edges: [] });
  });

  it("drops from the selection what an undo removed", () => {
    const store = emptyStore();
    store.getState().addNode("entry", at, catalog);
    vi.advanceTimersByTime(2000);
    store.getState().addNode("end", at, catalog);
    expect(store.getState().selection.nodes).toEqual(["end_1"]);
    store.getState().undo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(["entry_1"]);
    expect(store.getState().selection).toEqual({ nodes: [], edges: [] });
    store.getState().redo();
    store.getState().select({ nodes: ["entry_1", "end_1"], edges: [] });
    store.getState().undo();
    expect(store.getState().selection).toEqual({ nodes: ["entry_1"], edges: [] });
  });

  it("connects, refuses what breaks a graph rule, and leaves the graph untouched on refusal", () => {
    const store = smallGraph();
    const s = () => store.getState();
    const before = s().edges;
    expect(s().connect({ from: "condition_1", port: "yes", to: "entry_1" })).toMatchObject({ reason: "entry" });
    expect(s().connect({ from: "condition_1", port: "yes", to: "condition_1" })).toMatchObject({ reason: "self" });
    expect(s().connect({ from: "entry_1", port: "next", to: "end_1" })).toMatchObject({ reason: "portUsed" });
    expect(s().edges).toBe(before);
    expect(s().connect({ from: "condition_1", port: "yes", to: "end_1" })).toEqual({ ok: true });
    expect(s().edges).toHaveLength(2);
  });

  it("refuses a cycle", () => {
    const store = emptyStore();
    const s = () => store.getState();
    s().addNode("wait", at, catalog);
    s().addNode("condition", at, catalog);
    s().connect({ from: "wait_1", port: "next", to: "condition_1" });
    expect(s().connect({ from: "condition_1", port: "other", to: "wait_1" })).toMatchObject({
      ok: false,
      reason: "cycle",
    });
  });

  it("undoes and redoes each edit, without limit", () => {
    const store = smallGraph();
    const s = () => store.getState();
    const history = () => store.temporal.getState();
    expect(history().pastStates).toHaveLength(4);
    s().undo();
    expect(s().edges).toEqual([]);
    s().undo();
    s().undo();
    s().undo();
    expect(s().nodes).toEqual([]);
    s().undo();
    expect(s().nodes).toEqual([]);
    for (let i = 0; i < 4; i++) s().redo();
    expect(s().nodes.map((n) => n.id)).toEqual(["entry_1", "condition_1", "end_1"]);
    expect(s().edges).toEqual([{ from: "entry_1", port: "next", to: "condition_1" }]);
  });

  it("does not record selection, drag previews, sizes or diagnostics", () => {
    const store = smallGraph();
    const s = () => store.getState();
    const steps = store.temporal.getState().pastStates.length;
    s().select({ nodes: ["end_1"], edges: [] });
    s().dragNodes(new Map([["end_1", { x: 5, y: 5 }]]));
    s().setMeasured({ end_1: { width: 200, height: 80 } });
    s().acceptDiagnostics(s().nodes, s().edges, []);
    expect(store.temporal.getState().pastStates).toHaveLength(steps);
    expect(s().dragging).toEqual({ end_1: { x: 5, y: 5 } });
  });

  it("commits a drag as one undo step", () => {
    const store = smallGraph();
    const s = () => store.getState();
    const steps = store.temporal.getState().pastStates.length;
    s().dragNodes(new Map([["end_1", { x: 10, y: 300 }]]));
    s().dragNodes(new Map([["end_1", { x: 20, y: 320 }]]));
    s().moveNodes(new Map([["end_1", { x: 30, y: 330 }]]));
    expect(s().dragging).toBeNull();
    expect(s().nodes.find((n) => n.id === "end_1")?.position).toEqual({ x: 30, y: 330 });
    expect(store.temporal.getState().pastStates).toHaveLength(steps + 1);
    s().undo();
    expect(s().nodes.find((n) => n.id === "end_1")?.position).toEqual({ x: 0, y: 300 });
  });

  it("merges a burst of typing in one field into one undo step, but not across fields", () => {
    const store = smallGraph();
    const s = () => store.getState();
    const steps = store.temporal.getState().pastStates.length;
    s().updateActivity("condition_1", condition("e"), "paths[0].expression");
    s().updateActivity("condition_1", condition("ev"), "paths[0].expression");
    vi.advanceTimersByTime(COALESCE_MS / 2);
    s().updateActivity("condition_1", condition("eve"), "paths[0].expression");
    expect(store.temporal.getState().pastStates).toHaveLength(steps + 1);
    s().setLabel("condition_1", "Big cart?");
    expect(store.temporal.getState().pastStates).toHaveLength(steps + 2);
    vi.advanceTimersByTime(COALESCE_MS + 1);
    s().setLabel("condition_1", "Big cart?!");
    expect(store.temporal.getState().pastStates).toHaveLength(steps + 3);
    s().undo();
    s().undo();
    expect(s().nodes[1]).toMatchObject({ activity: condition("eve") });
    expect(s().nodes[1].label).toBeUndefined();
    s().undo();
    expect(s().nodes[1].activity).toEqual(condition("true"));
  });

  it("keeps edges on renamed ports and drops those of removed ports", () => {
    const store = smallGraph();
    const s = () => store.getState();
    s().connect({ from: "condition_1", port: "yes", to: "end_1" });
    s().updateActivity("condition_1", { type: "condition", paths: [{ port: "big", expression: "true" }], other: true }, "port");
    expect(s().edges).toContainEqual({ from: "condition_1", port: "big", to: "end_1" });
    s().updateActivity("condition_1", { type: "condition", paths: [{ port: "big", expression: "true" }], other: false }, "other");
    expect(s().edges.filter((e) => e.from === "condition_1")).toEqual([{ from: "condition_1", port: "big", to: "end_1" }]);
  });

  it("deletes selected nodes with their edges, and selected edges", () => {
    const store = smallGraph();
    const s = () => store.getState();
    s().connect({ from: "condition_1", port: "yes", to: "end_1" });
    s().select({ nodes: ["end_1"], edges: ["entry_1:next->condition_1"] });
    s().deleteSelection();
    expect(s().nodes.map((n) => n.id)).toEqual(["entry_1", "condition_1"]);
    expect(s().edges).toEqual([]);
    expect(s().selection).toEqual({ nodes: [], edges: [] });
    s().undo();
    expect(s().nodes).toHaveLength(3);
    expect(s().edges).toHaveLength(2);
  });

  it("copies the selection and pastes it with new ids and inner edges", () => {
    const store = smallGraph();
    const s = () => store.getState();
    s().select({ nodes: ["entry_1", "condition_1"], edges: [] });
    const clip = s().copySelection();
    expect(clip?.edges).toHaveLength(1);
    s().paste(clip as NonNullable<typeof clip>);
    expect(s().nodes.map((n) => n.id)).toEqual(["entry_1", "condition_1", "end_1", "entry_2", "condition_2"]);
    expect(s().edges).toContainEqual({ from: "entry_2", port: "next", to: "condition_2" });
    expect(s().selection.nodes).toEqual(["entry_2", "condition_2"]);
    s().undo();
    expect(s().nodes).toHaveLength(3);
  });

  it("points a port at another node or nowhere in one step", () => {
    const store = smallGraph();
    const s = () => store.getState();
    expect(s().setPortTarget("entry_1", "next", "end_1")).toEqual({ ok: true });
    expect(s().edges).toEqual([{ from: "entry_1", port: "next", to: "end_1" }]);
    expect(s().setPortTarget("entry_1", "next", "entry_1")).toMatchObject({ ok: false });
    expect(s().setPortTarget("entry_1", "next", null)).toEqual({ ok: true });
    expect(s().edges).toEqual([]);
  });

  it("drops diagnostics computed for an older draft", () => {
    const store = smallGraph();
    const s = () => store.getState();
    const old = { nodes: s().nodes, edges: s().edges };
    const diag: Diagnostic = {
      object: "journey:j",
      node: "end_1",
      path: "activity",
      code: "E_UNREACHABLE",
      severity: "error",
      message: "unreachable",
    };
    s().setLabel("end_1", "Done");
    s().acceptDiagnostics(old.nodes, old.edges, [diag]);
    expect(s().diagnostics).toEqual([]);
    s().acceptDiagnostics(s().nodes, s().edges, [diag]);
    expect(s().diagnosticsByNode).toEqual({ end_1: [diag] });
  });

  it("changes nothing on a read-only version but lets auto-layout rearrange the view", () => {
    const end: Node = { id: "end", position: at, activity: { type: "end" } };
    const store = createDesignerStore({ nodes: [end], edges: [], readOnly: true });
    const s = () => store.getState();
    expect(s().addNode("wait", at, catalog)).toBeNull();
    s().setLabel("end", "x");
    s().select({ nodes: ["end"], edges: [] });
    s().deleteSelection();
    expect(s().nodes).toEqual([end]);
    s().applyLayout(new Map([["end", { x: 1, y: 2 }]]));
    expect(s().nodes[0].position).toEqual({ x: 1, y: 2 });
    expect(store.temporal.getState().pastStates).toEqual([]);
  });

  it("edits the journey's settings as undoable steps, a typing burst in one field being one", () => {
    const store = emptyStore();
    const s = () => store.getState();
    expect(s().settings).toEqual(NO_SETTINGS);
    s().updateSettings({ description: "W" }, "description");
    s().updateSettings({ description: "Win back" }, "description");
    vi.advanceTimersByTime(COALESCE_MS + 1);
    const timeout = { ...s().settings.properties, globalTimeoutSeconds: 86_400 };
    s().updateSettings({ properties: timeout }, "properties.globalTimeoutSeconds");
    s().updateSettings({ tags: ["retention"] }, "tags");
    expect(s().settings).toMatchObject({ description: "Win back", tags: ["retention"], properties: timeout });
    expect(store.temporal.getState().pastStates).toHaveLength(3);

    s().undo();
    expect(s().settings.tags).toEqual([]);
    s().undo();
    expect(s().settings.properties.globalTimeoutSeconds).toBe(NO_SETTINGS.properties.globalTimeoutSeconds);
    s().undo();
    expect(s().settings.description).toBe("");
    s().redo();
    expect(s().settings.description).toBe("Win back");
  });

  it("drops diagnostics computed for older settings", () => {
    const store = emptyStore();
    const s = () => store.getState();
    const before = s().settings;
    const diag: Diagnostic = {
      object: "journey:j",
      path: "properties.globalTimeoutSeconds",
      code: "E_GLOBAL_TIMEOUT_RANGE",
      severity: "error",
      message: "the global timeout must be between 1 second and 91 days",
    };
    s().updateSettings({ description: "d" }, "description");
    s().acceptDiagnostics(s().nodes, s().edges, [diag], before);
    expect(s().diagnostics).toEqual([]);
    s().acceptDiagnostics(s().nodes, s().edges, [diag], s().settings);
    expect(s().diagnostics).toEqual([diag]);
  });

  it("leaves the settings of a read-only version alone", () => {
    const store = createDesignerStore({ nodes: [], edges: [], readOnly: true, settings: { ...NO_SETTINGS, tags: ["t"] } });
    store.getState().updateSettings({ tags: [] }, "tags");
    expect(store.getState().settings.tags).toEqual(["t"]);
  });
});
