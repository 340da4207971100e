// Autosave as a small state machine, independent of React: every change is scheduled,
// saved after a quiet period, one save at a time, and the newest state always wins
// (a change made while a save is in flight is saved right after it). `flush` lets the
// Back button and test runs wait until what the user sees is what is stored.

export type SaveStatus =
  | { state: "saved" }
  | { state: "dirty" }
  | { state: "saving" }
  | { state: "error"; message: string };

export type Autosave<T> = {
  schedule: (value: T) => void;
  /** Saves now whatever is pending; resolves true once everything is saved, false on failure. */
  flush: () => Promise<boolean>;
};

export type AutosaveOptions<T> = {
  save: (value: T) => Promise<void>;
  delayMs: number;
  onStatus: (status: SaveStatus) => void;
  /** Turns a failed save into the message the indicator shows. */
  describe: (error: unknown) => string;
};

export function createAutosave<T>({ save, delayMs, onStatus, describe }: AutosaveOptions<T>): Autosave<T> {
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let status: SaveStatus = { state: "saved" };
  let waiters: ((ok: boolean) => void)[] = [];

  const report = (next: SaveStatus) => {
    status = next;
    onStatus(next);
  };

  const settle = (ok: boolean) => {
    const done = waiters;
    waiters = [];
    for (const w of done) w(ok);
  };

  const start = () => {
    if (pending === null) return;
    const { value } = pending;
    pending = null;
    inFlight = true;
    report({ state: "saving" });
    save(value).then(
      () => {
        inFlight = false;
        if (pending === null) {
          report({ state: "saved" });
          settle(true);
        } else if (timer === null) {
          start();
        } else {
          report({ state: "dirty" });
        }
      },
      (e: unknown) => {
        inFlight = false;
        // Keep the failed value so that a flush (or the next change) tries again.
        pending ??= { value };
        report({ state: "error", message: describe(e) });
        settle(false);
      },
    );
  };

  return {
    schedule(value) {
      pending = { value };
      if (!inFlight) report({ state: "dirty" });
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        if (!inFlight) start();
      }, delayMs);
    },
    flush() {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      if (pending === null && !inFlight) return Promise.resolve(status.state !== "error");
      const done = new Promise<boolean>((resolve) => waiters.push(resolve));
      if (!inFlight) start();
      return done;
    },
  };
}
