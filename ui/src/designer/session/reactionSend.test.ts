import { describe, expect, it } from "vitest";

import { parseSendAt, pathAt, pathNote } from "./reactionSend";

const NOW = "2026-01-05T09:00:00Z";
const waiting = { timeoutAt: "2026-01-12T09:00:00Z" };

describe("sending a reaction", () => {
  it("takes a UTC time not before the clock; empty is now", () => {
    expect(parseSendAt("", NOW)).toEqual({ ok: true, at: null });
    expect(parseSendAt("2026-01-06T10:00", NOW)).toEqual({ ok: true, at: "2026-01-06T10:00:00Z" });
    expect(parseSendAt(NOW, NOW)).toEqual({ ok: true, at: NOW });
    // The clock after a call's virtual latency has milliseconds: its own now is not the past.
    const later = "2026-01-05T10:00:00.160Z";
    expect(parseSendAt(later, later)).toEqual({ ok: true, at: later });
    expect(parseSendAt("2026-01-05T10:00:00.159Z", later)).toEqual({ ok: false, message: `An event cannot be sent in the past: choose ${later} or later` });
    expect(parseSendAt("2026-01-04T09:00", NOW)).toEqual({ ok: false, message: `An event cannot be sent in the past: choose ${NOW} or later` });
    const wrong = parseSendAt("tomorrow", NOW);
    expect(wrong.ok).toBe(false);
  });

  it("says which path the person takes, by the timeout", () => {
    expect(pathAt(waiting, null, NOW)).toBe("next");
    expect(pathAt(waiting, "2026-01-13T09:00:00Z", NOW)).toBe("timeout");
    expect(pathNote(waiting, null, NOW)).toMatch(/^Before the timeout \(2026-01-12T09:00:00Z\)/);
    expect(pathNote(waiting, "2026-01-13T09:00:00Z", NOW)).toMatch(/^After the timeout/);
  });
});
