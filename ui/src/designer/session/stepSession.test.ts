import { describe, expect, it } from "vitest";

import type { SessionView } from "../../bindings/SessionView";
import {
  ADVANCE_EXAMPLE,
  canAct,
  canMove,
  nextText,
  parseAdvanceTo,
  STEP_CLOSED,
  stepReducer,
  type StepMsg,
  type StepState,
} from "./stepSession";

const result = {
  journey: "j",
  people: 1,
  report: { nodes: {}, journeys: {}, discarded: {}, events: 1 },
  traces: [],
};
const view = (nextAt?: string): SessionView => ({
  now: "2026-01-05T09:00:00Z",
  ...(nextAt === undefined ? {} : { nextAt }),
  result,
  waiting: [],
});
const play = (...msgs: StepMsg[]): StepState => msgs.reduce(stepReducer, STEP_CLOSED);

describe("step session state", () => {
  it("opens on the first answer and keeps the latest one", () => {
    const starting = play({ type: "call", call: "start" });
    expect(starting).toEqual({ open: false, view: null, busy: "start", error: null });
    const open = stepReducer(starting, { type: "answer", view: view("2026-01-05T10:00:00Z") });
    expect(open).toEqual({ open: true, view: view("2026-01-05T10:00:00Z"), busy: null, error: null });
    const moved = play(
      { type: "answer", view: view("2026-01-05T10:00:00Z") },
      { type: "call", call: "step" },
      { type: "answer", view: view() },
    );
    expect(moved.view?.nextAt).toBeUndefined();
  });

  it("a failed start stays out of step mode, with the reason", () => {
    const failed = play({ type: "call", call: "start" }, { type: "failed", message: "NOT_FOUND: journey 'x' not found" });
    expect(failed).toEqual({ open: false, view: null, busy: null, error: "NOT_FOUND: journey 'x' not found" });
  });

  it("a failed move keeps the session and its last view; the next call clears the error", () => {
    const failed = play(
      { type: "answer", view: view("2026-01-05T10:00:00Z") },
      { type: "call", call: "advance" },
      { type: "failed", message: "INVALID_INPUT: before the simulation's time" },
    );
    expect(failed.open).toBe(true);
    expect(failed.view).toEqual(view("2026-01-05T10:00:00Z"));
    expect(failed.error).toMatch(/^INVALID_INPUT/);
    expect(stepReducer(failed, { type: "call", call: "run" }).error).toBeNull();
  });

  it("stop closes everything", () => {
    expect(play({ type: "answer", view: view() }, { type: "call", call: "run" }, { type: "stop" })).toEqual(STEP_CLOSED);
  });

  it("step and next timer need something queued and no call in flight", () => {
    const queued = play({ type: "answer", view: view("2026-01-05T10:00:00Z") });
    expect(canMove(queued)).toBe(true);
    expect(canAct(queued)).toBe(true);
    const busy = stepReducer(queued, { type: "call", call: "step" });
    expect(canMove(busy)).toBe(false);
    expect(canAct(busy)).toBe(false);
    const done = play({ type: "answer", view: view() });
    expect(canMove(done)).toBe(false);
    expect(canAct(done), "advance and run to end still work").toBe(true);
    expect(canMove(STEP_CLOSED)).toBe(false);
    expect(canAct(STEP_CLOSED)).toBe(false);
  });

  it("says what comes next", () => {
    expect(nextText(view("2026-01-05T10:00:00Z"))).toBe("2026-01-05T10:00:00Z");
    expect(nextText(view())).toBe("nothing left");
  });
});

describe("advance to", () => {
  it("takes UTC instants and the same without seconds or Z", () => {
    expect(parseAdvanceTo("2026-01-06T09:00:00Z")).toEqual({ ok: true, to: "2026-01-06T09:00:00Z" });
    expect(parseAdvanceTo(" 2026-01-06T09:30:15Z ")).toEqual({ ok: true, to: "2026-01-06T09:30:15Z" });
    expect(parseAdvanceTo("2026-01-06T09:00")).toEqual({ ok: true, to: "2026-01-06T09:00:00Z" });
    expect(parseAdvanceTo("2026-01-06T09:00:45")).toEqual({ ok: true, to: "2026-01-06T09:00:45Z" });
    expect(parseAdvanceTo(ADVANCE_EXAMPLE).ok).toBe(true);
  });

  it("refuses anything else, with an example", () => {
    const wrong = [
      "",
      "tomorrow",
      "2026-01-06",
      "2026-01-06 09:00",
      "2026-01-06T09:00:00+02:00",
      "2026-02-30T09:00:00Z",
      "2026-01-06T25:00",
    ];
    for (const text of wrong) {
      const parsed = parseAdvanceTo(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain(ADVANCE_EXAMPLE);
    }
  });

  it("never before the clock (the same instant is fine)", () => {
    const now = "2026-01-05T09:00:00Z";
    expect(parseAdvanceTo("2026-01-05T08:59", now)).toEqual({
      ok: false,
      message: "The clock cannot go back: choose 2026-01-05T09:00:00Z or later",
    });
    expect(parseAdvanceTo("2026-01-05T09:00", now)).toEqual({ ok: true, to: now });
    expect(parseAdvanceTo("2026-01-05T12:00:00Z", now)).toEqual({ ok: true, to: "2026-01-05T12:00:00Z" });
  });
});
