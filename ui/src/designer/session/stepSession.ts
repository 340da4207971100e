// Step-through test mode, pure side: what the panel knows about the open session (the
// last answer, the call in flight, the last error), which moves are possible, and the
// "Advance to…" time as the simulator wants it.
import type { SessionView } from "../../bindings/SessionView";
import { fromUtcInput, toUtcInput } from "../utcInput";

/**
 * The session calls the panel makes, one at a time ("start" also sends the event;
 * "reaction" queues an event from a person waiting in a reaction).
 */
export type StepCall = "start" | "step" | "timer" | "advance" | "run" | "reaction";

export type StepState = {
  /** A session is open: the step controls replace Start. */
  open: boolean;
  /** The last answer: the virtual clock, what comes next and the result so far. */
  view: SessionView | null;
  /** The call in flight, if any. */
  busy: StepCall | null;
  /** Why the last call failed, shown in place until the next call. */
  error: string | null;
};

export type StepMsg =
  | { type: "call"; call: StepCall }
  | { type: "answer"; view: SessionView }
  | { type: "failed"; message: string }
  | { type: "stop" };

export const STEP_CLOSED: StepState = { open: false, view: null, busy: null, error: null };

export function stepReducer(state: StepState, msg: StepMsg): StepState {
  switch (msg.type) {
    case "call":
      return { ...state, busy: msg.call, error: null };
    case "answer":
      return { open: true, view: msg.view, busy: null, error: null };
    case "failed":
      // A failed start leaves the panel out of step mode; a failed move keeps the session.
      return { ...state, busy: null, error: msg.message };
    case "stop":
      return STEP_CLOSED;
  }
}

/** Step and "To next timer" need something queued; nothing moves while a call runs. */
export function canMove(state: StepState): boolean {
  return state.open && state.busy === null && state.view?.nextAt !== undefined;
}

/** Advance and "Run to end" only need an open, idle session. */
export function canAct(state: StepState): boolean {
  return state.open && state.busy === null;
}

/** What the panel says comes next. */
export function nextText(view: SessionView): string {
  return view.nextAt ?? "nothing left";
}

export const ADVANCE_EXAMPLE = "2026-01-06T09:00:00Z";

export type AdvanceTarget = { ok: true; to: string } | { ok: false; message: string };

const FORM_VALUE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const WITH_FRACTION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/;

/**
 * The instant to move the clock to, from what was typed: an ISO 8601 UTC instant
 * (`2026-01-06T09:00:00Z`) or the same without seconds or `Z` (read as UTC). It must
 * exist on the calendar and not be before the clock (`now`), which cannot go back.
 */
export function parseAdvanceTo(text: string, now?: string): AdvanceTarget {
  const typed = text.trim();
  const formValue = toUtcInput(typed) || (FORM_VALUE.test(typed) ? typed : "");
  // The form's value keeps whole seconds; an instant with a fraction (the clock after a
  // 160 ms call) is taken whole, or the session's own "now" would read as the past.
  const to = formValue !== "" && WITH_FRACTION.test(typed) ? typed : fromUtcInput(formValue);
  const ms = to === undefined ? Number.NaN : Date.parse(to);
  // Date.parse rolls 2026-02-30 over to March: compare the round trip to catch it.
  if (to === undefined || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== to.slice(0, 19)) {
    return { ok: false, message: `Enter a UTC date-time (ISO 8601) such as ${ADVANCE_EXAMPLE}` };
  }
  if (now !== undefined && ms < Date.parse(now)) {
    return { ok: false, message: `The clock cannot go back: choose ${now} or later` };
  }
  return { ok: true, to };
}
