// Pushes to runners as the screens show them: per version and runner in the versions
// panel, the moves (pause, close...) beside them, and a journey's outstanding ones on
// the home screen. The states and reasons are Rust's (the push outbox); this only sorts
// and words them. No React, no IPC.
import type { PushInfo } from "../bindings/PushInfo";
import { timeLabel } from "../lifecycle/model";
import { plural } from "../model";

/** Newest first: ids grow with each push queued. */
function newestFirst(pushes: readonly PushInfo[]): PushInfo[] {
  return [...pushes].sort((a, b) => b.id - a.id);
}

/** What was sent: "v2" for a publish, the move otherwise ("pause"). */
export function pushSubject(push: PushInfo): string {
  return push.kind === "publish" ? `v${push.version ?? "?"}` : push.kind;
}

export type PushView = {
  id: number;
  runner: string;
  /** `queued`, `delivered`, `refused` (or a newer state, shown as it is). */
  state: string;
  /** "queued", "delivered", "refused". */
  label: string;
  /** Why it is not delivered yet (queued), or the runner's reason (refused), kept whole. */
  reason: string | null;
  /** "retrying at 2026-12-05 10:00:05 UTC (3 attempts)" once a try has failed. */
  retry: string | null;
  /** When it was delivered or refused. */
  doneAt: string | null;
};

/** One push in words. */
export function pushView(push: PushInfo): PushView {
  const queued = push.state === "queued";
  return {
    id: push.id,
    runner: push.runner,
    state: push.state,
    label: push.state,
    reason: push.state === "delivered" ? null : push.lastError,
    retry:
      queued && push.attempts > 0
        ? `retrying at ${timeLabel(push.nextAt)} (${plural(push.attempts, "attempt")})`
        : null,
    doneAt: push.doneAt,
  };
}

/** The latest publish of `version` to each runner, by runner name. */
export function versionPushes(pushes: readonly PushInfo[], version: number): PushInfo[] {
  const latest = new Map<string, PushInfo>();
  for (const p of newestFirst(pushes)) {
    if (p.kind === "publish" && p.version === version && !latest.has(p.runner)) latest.set(p.runner, p);
  }
  return [...latest.values()].sort((a, b) => a.runner.localeCompare(b.runner));
}

/** The moves (pause, resume, close, stop) sent to runners, newest first. */
export function movePushes(pushes: readonly PushInfo[]): PushInfo[] {
  return newestFirst(pushes.filter((p) => p.kind !== "publish"));
}

export type Attention = { queued: number; refused: number; details: string[] };

/**
 * What still needs a look, per journey: pushes queued, and refusals a later delivery of
 * the same kind to the same runner has not made up for (a refused v2 stops counting once
 * v3 is delivered there). Journeys with nothing outstanding are left out.
 */
export function journeysAttention(pushes: readonly PushInfo[]): Map<string, Attention> {
  const out = new Map<string, Attention>();
  const delivered = new Set<string>();
  const key = (p: PushInfo) => JSON.stringify([p.journey, p.runner, p.kind]);
  for (const p of newestFirst(pushes)) {
    if (p.state === "delivered") {
      delivered.add(key(p));
      continue;
    }
    const refused = p.state === "refused";
    if (!refused && p.state !== "queued") continue;
    if (refused && delivered.has(key(p))) continue;
    const a = out.get(p.journey) ?? { queued: 0, refused: 0, details: [] };
    if (refused) a.refused += 1;
    else a.queued += 1;
    const reason = p.lastError ? `: ${p.lastError.split("\n")[0]}` : "";
    a.details.push(`${pushSubject(p)} to ${p.runner} ${p.state}${reason}`);
    out.set(p.journey, a);
  }
  return out;
}

/** "2 pushes queued, 1 refused". */
export function attentionLabel(a: Attention): string {
  const parts: string[] = [];
  if (a.queued > 0) parts.push(`${plural(a.queued, "push", "pushes")} queued`);
  if (a.refused > 0) parts.push(a.queued > 0 ? `${a.refused} refused` : `${plural(a.refused, "push", "pushes")} refused`);
  return parts.join(", ");
}
