import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { createAutosave, type SaveStatus } from "./autosave";

/** A save function whose calls the test resolves or rejects one by one. */
function controlledSave() {
  const calls: { value: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const save = (value: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ value, resolve, reject });
    });
  return { calls, save };
}

function setup() {
  const { calls, save } = controlledSave();
  const statuses: SaveStatus[] = [];
  const autosave = createAutosave<string>({
    save,
    delayMs: 600,
    onStatus: (s) => statuses.push(s),
    describe: (e) => String(e),
  });
  const status = () => statuses.at(-1);
  return { autosave, calls, statuses, status };
}

describe("autosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves once after a quiet period, with the latest value", async () => {
    const { autosave, calls, status } = setup();
    autosave.schedule("a");
    vi.advanceTimersByTime(300);
    autosave.schedule("ab");
    vi.advanceTimersByTime(599);
    expect(calls).toHaveLength(0);
    expect(status()).toEqual({ state: "dirty" });
    vi.advanceTimersByTime(1);
    expect(calls.map((c) => c.value)).toEqual(["ab"]);
    expect(status()).toEqual({ state: "saving" });
    calls[0].resolve();
    await vi.runAllTimersAsync();
    expect(status()).toEqual({ state: "saved" });
  });

  it("never runs two saves at once and saves the newest value after the one in flight", async () => {
    const { autosave, calls, status } = setup();
    autosave.schedule("v1");
    vi.advanceTimersByTime(600);
    autosave.schedule("v2");
    autosave.schedule("v3");
    vi.advanceTimersByTime(600);
    expect(calls).toHaveLength(1);
    calls[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.value)).toEqual(["v1", "v3"]);
    calls[1].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(status()).toEqual({ state: "saved" });
  });

  it("flush saves at once and resolves when everything is stored", async () => {
    const { autosave, calls, status } = setup();
    autosave.schedule("x");
    const flushed = autosave.flush();
    expect(calls.map((c) => c.value)).toEqual(["x"]);
    calls[0].resolve();
    await expect(flushed).resolves.toBe(true);
    expect(status()).toEqual({ state: "saved" });
    await expect(autosave.flush()).resolves.toBe(true);
  });

  it("reports a failure, keeps the value and retries it on flush", async () => {
    const { autosave, calls, statuses, status } = setup();
    autosave.schedule("x");
    vi.advanceTimersByTime(600);
    calls[0].reject("STORAGE: disk full");
    await vi.advanceTimersByTimeAsync(0);
    expect(status()).toEqual({ state: "error", message: "STORAGE: disk full" });
    const retried = autosave.flush();
    expect(calls.map((c) => c.value)).toEqual(["x", "x"]);
    calls[1].resolve();
    await expect(retried).resolves.toBe(true);
    expect(statuses.map((s) => s.state)).toEqual(["dirty", "saving", "error", "saving", "saved"]);
  });

  it("flush resolves false when the save fails", async () => {
    const { autosave, calls, status } = setup();
    autosave.schedule("x");
    const flushed = autosave.flush();
    calls[0].reject("nope");
    await expect(flushed).resolves.toBe(false);
    expect(status()).toEqual({ state: "error", message: "nope" });
  });
});
