import { describe, expect, it } from "vitest";

import type { PushInfo } from "../bindings/PushInfo";
import { attentionLabel, journeysAttention, movePushes, pushSubject, pushView, versionPushes } from "./pushes";

let nextId = 1;
const push = (more: Partial<PushInfo>): PushInfo => ({
  id: nextId++,
  runner: "local",
  journey: "cart_recovery",
  version: 1,
  kind: "publish",
  state: "delivered",
  attempts: 0,
  lastError: null,
  nextAt: "2026-12-05T10:00:00.000Z",
  createdAt: "2026-12-05T10:00:00.000Z",
  doneAt: null,
  ...more,
});

const REFUSAL =
  "422 INVALID_RELEASE: the release has errors\n  journey:cart_recovery node remind: E_SECRET_MISSING secret `sms_key` is not set on this runner";

describe("pushView", () => {
  it("shows a queued push's reason, and when it is tried again once a try failed", () => {
    const first = pushView(push({ state: "queued", attempts: 0, lastError: null }));
    expect(first).toMatchObject({ state: "queued", label: "queued", reason: null, retry: null });
    const retried = pushView(
      push({ state: "queued", attempts: 3, lastError: "runner `local` unreachable: Connection refused", nextAt: "2026-12-05T10:00:05.120Z" }),
    );
    expect(retried).toMatchObject({
      label: "queued",
      reason: "runner `local` unreachable: Connection refused",
      retry: "retrying at 2026-12-05 10:00:05 UTC (3 attempts)",
    });
    expect(pushView(push({ state: "queued", attempts: 1, lastError: "x" })).retry).toMatch(/\(1 attempt\)$/);
  });

  it("keeps a refusal's reason whole, line breaks included", () => {
    const v = pushView(push({ state: "refused", attempts: 1, lastError: REFUSAL, doneAt: "2026-12-05T10:01:00.000Z" }));
    expect(v).toMatchObject({ label: "refused", reason: REFUSAL, retry: null, doneAt: "2026-12-05T10:01:00.000Z" });
  });

  it("shows no reason for a delivered push, even after failed tries", () => {
    expect(pushView(push({ state: "delivered", attempts: 2, lastError: "earlier: unreachable" }))).toMatchObject({
      label: "delivered",
      reason: null,
      retry: null,
    });
  });
});

describe("versionPushes", () => {
  it("gives the latest publish of the version to each runner, by runner name", () => {
    const pushes = [
      push({ runner: "local", version: 1 }),
      push({ runner: "prod", version: 2, state: "queued" }),
      push({ runner: "local", version: 2 }),
      push({ runner: "local", version: null, kind: "pause" }),
    ];
    // Queued last, so the latest to prod, wherever it sits in the list.
    pushes.unshift(push({ runner: "prod", version: 2, state: "refused", lastError: "409" }));
    const v2 = versionPushes(pushes, 2);
    expect(v2.map((p) => [p.runner, p.state])).toEqual([
      ["local", "delivered"],
      ["prod", "refused"],
    ]);
    expect(versionPushes(pushes, 1).map((p) => p.runner)).toEqual(["local"]);
    expect(versionPushes(pushes, 3)).toEqual([]);
  });
});

describe("movePushes", () => {
  it("lists the moves sent to runners, newest first", () => {
    const pause = push({ kind: "pause", version: null });
    const resume = push({ kind: "resume", version: null, state: "queued" });
    const moves = movePushes([pause, push({ version: 1 }), resume]);
    expect(moves.map((p) => p.kind)).toEqual(["resume", "pause"]);
    expect(moves.map(pushSubject)).toEqual(["resume", "pause"]);
    expect(pushSubject(push({ version: 4 }))).toBe("v4");
  });
});

describe("journeysAttention", () => {
  it("counts what is queued and refused per journey, leaving the rest out", () => {
    const attention = journeysAttention([
      push({ journey: "a", state: "queued", lastError: "runner `local` unreachable: timed out" }),
      push({ journey: "a", runner: "prod", state: "refused", lastError: REFUSAL, version: 2 }),
      push({ journey: "b", state: "delivered" }),
    ]);
    expect([...attention.keys()]).toEqual(["a"]);
    const a = attention.get("a");
    expect(a).toMatchObject({ queued: 1, refused: 1 });
    // Newest first; the first line of a multi-line reason.
    expect(a?.details).toEqual([
      "v2 to prod refused: 422 INVALID_RELEASE: the release has errors",
      "v1 to local queued: runner `local` unreachable: timed out",
    ]);
  });

  it("stops counting a refusal once a later push of the same kind reached that runner", () => {
    const refusedV2 = push({ version: 2, state: "refused", lastError: "409" });
    const deliveredV3 = push({ version: 3, state: "delivered" });
    expect(journeysAttention([refusedV2, deliveredV3]).size).toBe(0);
    // Another runner, or another kind, does not make up for it.
    expect(journeysAttention([refusedV2, push({ runner: "prod", version: 3 })]).get("cart_recovery")?.refused).toBe(1);
    expect(journeysAttention([refusedV2, push({ kind: "pause", version: null })]).get("cart_recovery")?.refused).toBe(1);
    // A delivery before the refusal does not either.
    const earlier = push({ version: 4, state: "delivered" });
    const refusedAfter = push({ version: 5, state: "refused", lastError: "422" });
    expect(journeysAttention([earlier, refusedAfter]).get("cart_recovery")?.refused).toBe(1);
  });
});

describe("attentionLabel", () => {
  it("says it in a few words", () => {
    expect(attentionLabel({ queued: 1, refused: 0, details: [] })).toBe("1 push queued");
    expect(attentionLabel({ queued: 2, refused: 1, details: [] })).toBe("2 pushes queued, 1 refused");
    expect(attentionLabel({ queued: 0, refused: 2, details: [] })).toBe("2 pushes refused");
  });
});
