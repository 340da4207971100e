// Durations are seconds in the model and "number + unit" in forms.

export const UNITS = [
  { name: "days", seconds: 86_400 },
  { name: "hours", seconds: 3_600 },
  { name: "minutes", seconds: 60 },
  { name: "seconds", seconds: 1 },
] as const;

export type Unit = (typeof UNITS)[number]["name"];

export function unitSeconds(unit: Unit): number {
  return UNITS.find((u) => u.name === unit)?.seconds ?? 1;
}

/** The largest unit that divides `seconds` exactly: 7200 → 2 hours, 90 → 90 seconds. */
export function splitDuration(seconds: number): { amount: number; unit: Unit } {
  for (const u of UNITS) {
    if (seconds > 0 && seconds % u.seconds === 0) return { amount: seconds / u.seconds, unit: u.name };
  }
  return { amount: seconds, unit: "seconds" };
}
