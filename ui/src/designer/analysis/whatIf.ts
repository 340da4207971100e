// The what-if form's inputs and progress, read without React so they can be tested.

export const DEFAULT_PEOPLE = 10_000;
// The use cases refuse more (MAX_PEOPLE in crates/workspace/src/simulation.rs): the
// form says so first.
export const MAX_PEOPLE = 1_000_000;
export const DEFAULT_SEED = 1;

export type Read = { ok: true; value: number } | { ok: false; message: string };

/** Digits with optional thousands separators (`10,000`, `10 000`, `10_000`). */
function readWhole(text: string): number | null {
  const t = text.trim().replace(/[,_\s\u00a0\u202f]/g, "");
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** The number of people to simulate: a whole number from 1 to 1,000,000. */
export function parsePeople(text: string): Read {
  const n = readWhole(text);
  if (n === null) return { ok: false, message: "Enter a whole number of people, from 1 to 1,000,000." };
  if (n < 1 || n > MAX_PEOPLE) return { ok: false, message: "The number of people must be from 1 to 1,000,000." };
  return { ok: true, value: n };
}

/** The seed: a whole number from 0; the same seed gives the same run. */
export function parseSeed(text: string): Read {
  const n = readWhole(text);
  if (n === null || !Number.isSafeInteger(n)) return { ok: false, message: "Enter a whole number from 0 (up to 9,007,199,254,740,991)." };
  return { ok: true, value: n };
}

export type Progress = { done: number; total: number };

/** A `what-if-progress` payload ({done, total}), or null when it is not one. */
export function readProgress(payload: unknown): Progress | null {
  if (typeof payload !== "object" || payload === null) return null;
  const { done, total } = payload as Record<string, unknown>;
  if (typeof done !== "number" || typeof total !== "number" || !Number.isFinite(done) || !Number.isFinite(total)) return null;
  if (total < 0 || done < 0) return null;
  return { done: Math.min(done, total), total };
}

/** The share done, 0–100, rounded down so 100 means finished. */
export function progressPercent({ done, total }: Progress): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 100));
}
