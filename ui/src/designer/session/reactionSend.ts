// Sending a reaction event in a step-through session, pure side: the virtual time it is
// sent at (never before the clock) and what that time means next to the reaction's
// timeout, so the tester knows which path the person will take.
import type { WaitingReaction } from "../../bindings/WaitingReaction";
import { ADVANCE_EXAMPLE, parseAdvanceTo } from "./stepSession";

export type SendAt = { ok: true; at: string | null } | { ok: false; message: string };

/** The time typed, as Rust takes it: null (the session's now) when left empty. */
export function parseSendAt(text: string, now: string): SendAt {
  if (text.trim() === "") return { ok: true, at: null };
  const parsed = parseAdvanceTo(text, now);
  if (parsed.ok) return { ok: true, at: parsed.to };
  return {
    ok: false,
    message: parsed.message.startsWith("The clock cannot go back")
      ? `An event cannot be sent in the past: choose ${now} or later`
      : `Enter a UTC date-time (ISO 8601) such as ${ADVANCE_EXAMPLE}, or leave it empty for now`,
  };
}

/** Which way the person goes when the event comes at `at` (null: now). */
export function pathAt(reaction: Pick<WaitingReaction, "timeoutAt">, at: string | null, now: string): "next" | "timeout" {
  return Date.parse(at ?? now) <= Date.parse(reaction.timeoutAt) ? "next" : "timeout";
}

/** The line under the time input. */
export function pathNote(reaction: Pick<WaitingReaction, "timeoutAt">, at: string | null, now: string): string {
  return pathAt(reaction, at, now) === "next"
    ? `Before the timeout (${reaction.timeoutAt}): the person goes on the next path.`
    : `After the timeout (${reaction.timeoutAt}): the person will have left on the timeout path, and the event finds nobody waiting.`;
}
