import { describe, expect, it } from "vitest";

import { buildTestEvents, DEFAULT_TEST_TIME, entryDetail, highlightFrom } from "./testRun";
import type { SimulationResult } from "../bindings/SimulationResult";

describe("buildTestEvents", () => {
  it("builds one JSONL line", () => {
    const built = buildTestEvents({ at: DEFAULT_TEST_TIME, event: "signup", payloadText: '{"email": "a@b.c"}' });
    expect(built).toEqual({
      ok: true,
      jsonl: '{"at":"2026-01-05T09:00:00Z","event":"signup","payload":{"email":"a@b.c"}}',
    });
    expect(built.ok && built.jsonl.includes("\n")).toBe(false);
  });

  it("names the JSON problem and refuses non-objects", () => {
    const bad = buildTestEvents({ at: DEFAULT_TEST_TIME, event: "e", payloadText: '{"email": }' });
    expect(bad).toMatchObject({ ok: false, field: "payload" });
    expect(!bad.ok && bad.message).toMatch(/^Invalid JSON: /);
    expect(buildTestEvents({ at: DEFAULT_TEST_TIME, event: "e", payloadText: "[1]" })).toEqual({
      ok: false,
      field: "payload",
      message: "The payload must be a JSON object, not an array",
    });
  });

  it("refuses a time that is not an ISO date-time", () => {
    for (const at of ["tomorrow", "2026-13-45T00:00:00Z", "1700000000"]) {
      expect(buildTestEvents({ at, event: "e", payloadText: "{}" })).toMatchObject({ ok: false, field: "time" });
    }
  });
});

const result: SimulationResult = {
  journey: "j",
  people: 1,
  report: {
    nodes: {
      j: {
        start: { entered: 1, exited: { next: 1 }, errors: 0, timeouts: 0, waiting: 0 },
        check: { entered: 1, exited: { yes: 1 }, errors: 0, timeouts: 0, waiting: 0 },
        other_end: { entered: 0, exited: {}, errors: 0, timeouts: 0, waiting: 0 },
      },
    },
    journeys: { j: { entered: 1, finished: 1, jumped: 0, exitedEarly: 0, errors: 0, stillInside: 0 } },
    discarded: {},
    events: 1,
  },
  traces: [
    {
      instance: "i1",
      profileId: "ada",
      journey: "j",
      entries: [
        { at: DEFAULT_TEST_TIME, journey: "j", node: "start", kind: "entered" },
        { at: DEFAULT_TEST_TIME, journey: "j", node: "start", kind: "exited", port: "next" },
        { at: DEFAULT_TEST_TIME, journey: "j", node: "check", kind: "entered" },
        { at: DEFAULT_TEST_TIME, journey: "j", node: "check", kind: "evaluated", expression: "true", value: "true" },
        { at: DEFAULT_TEST_TIME, journey: "j", node: "check", kind: "exited", port: "yes" },
        { at: DEFAULT_TEST_TIME, journey: "j", node: "done", kind: "finished", outcome: { kind: "ended" } },
        { at: DEFAULT_TEST_TIME, journey: "other", node: "x", kind: "entered" },
      ],
    },
  ],
};

describe("highlightFrom", () => {
  it("lights visited nodes and the edges their exits took, in this journey only", () => {
    const edges = [
      { from: "start", port: "next", to: "check" },
      { from: "check", port: "yes", to: "done" },
      { from: "check", port: "other", to: "other_end" },
    ];
    const h = highlightFrom(result, "j", edges);
    expect(h.counts).toEqual({ start: 1, check: 1 });
    expect([...h.nodes].sort()).toEqual(["check", "done", "start"]);
    expect([...h.edges].sort()).toEqual(["check:yes->done", "start:next->check"]);
  });
});

describe("entryDetail", () => {
  it("shows values, ports and bodies", () => {
    const [, exited, , evaluated] = result.traces[0].entries;
    expect(entryDetail(exited)).toBe("→ next");
    expect(entryDetail(evaluated)).toBe("true = true");
    expect(
      entryDetail({ at: "", journey: "j", node: "n", kind: "response", target: "send", status: "http_200", body: { id: 1 } }),
    ).toBe('send: http_200\n{\n  "id": 1\n}');
    expect(
      entryDetail({ at: "", journey: "j", node: "n", kind: "finished", outcome: { kind: "failed", reason: "http_503" } }),
    ).toBe("failed: http_503");
  });
});
