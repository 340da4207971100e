// Step-through test mode, effectful side: opens a session, sends the test event, and
// makes one move at a time, handing every answer to `onView` (the canvas highlight).
// Answers that arrive after Stop, a new Start or unmounting are dropped.
import { useEffect, useReducer, useRef } from "react";

import {
  closeTestSession,
  sessionAdvance,
  sessionNextTimer,
  sessionPushEvents,
  sessionRun,
  sessionSendReaction,
  sessionStep,
  startTestSession,
  toApiError,
} from "../../api";
import type { SessionView } from "../../bindings/SessionView";
import { STEP_CLOSED, stepReducer, type StepCall, type StepState } from "./stepSession";

export type StartSession = {
  journey: string;
  realCalls: boolean;
  /** JSONL: the same validated line Run sends. */
  events: string;
  /** Saves the latest edits; a reason when the saved journey cannot be tested. */
  ready: () => Promise<string | null>;
};

export type StepSession = {
  state: StepState;
  start: (request: StartSession) => void;
  step: () => void;
  nextTimer: () => void;
  advance: (to: string) => void;
  runToEnd: () => void;
  /** Queues a reaction event; resolves to why it was refused (null when sent or dropped). */
  sendReaction: (reaction: SendReaction) => Promise<string | null>;
  stop: () => void;
};

export type SendReaction = {
  person: string;
  event: string;
  /** ISO 8601; null for the session's now. */
  at: string | null;
  payload: Record<string, unknown> | null;
};

/** A view, or why there is none to show (already worded for the panel). */
type Outcome = { view: SessionView } | { problem: string };

export function useStepSession(onView: (view: SessionView) => void): StepSession {
  const [state, dispatch] = useReducer(stepReducer, STEP_CLOSED);
  // Bumped by every call, Stop and unmounting: only the latest call's answer counts.
  const latest = useRef(0);
  useEffect(() => {
    const calls = latest;
    return () => {
      calls.current += 1;
    };
  }, []);

  const perform = (call: StepCall, work: () => Promise<Outcome>): Promise<string | null> => {
    const mine = ++latest.current;
    dispatch({ type: "call", call });
    return (async () => {
      let outcome: Outcome;
      try {
        outcome = await work();
      } catch (e) {
        const error = toApiError(e);
        outcome = { problem: `${error.code}: ${error.message}` };
      }
      if (mine !== latest.current) return null;
      if ("problem" in outcome) {
        dispatch({ type: "failed", message: outcome.problem });
        return outcome.problem;
      }
      onView(outcome.view);
      dispatch({ type: "answer", view: outcome.view });
      return null;
    })();
  };

  const move = (call: StepCall, send: () => Promise<SessionView>) => {
    void perform(call, async () => ({ view: await send() }));
  };

  return {
    state,
    start: ({ journey, realCalls, events, ready }) =>
      void perform("start", async () => {
        const problem = await ready();
        if (problem !== null) return { problem };
        await startTestSession(journey, realCalls);
        return { view: await sessionPushEvents(events) };
      }),
    step: () => move("step", sessionStep),
    nextTimer: () => move("timer", sessionNextTimer),
    advance: (to) => move("advance", () => sessionAdvance(to)),
    runToEnd: () => move("run", sessionRun),
    sendReaction: ({ person, event, at, payload }) =>
      perform("reaction", async () => ({ view: await sessionSendReaction(person, event, at, payload) })),
    stop: () => {
      latest.current += 1;
      dispatch({ type: "stop" });
      // Frees the app's session; the panel has already left step mode either way.
      closeTestSession().catch(() => undefined);
    },
  };
}
