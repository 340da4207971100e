// Date windows are UTC instants in the model (`2026-01-05T09:00:00Z`) and
// `datetime-local` values in forms (`2026-01-05T09:00`); the form labels say UTC.

/** The form value for a stored instant, or "" when there is none (or it is not one). */
export function toUtcInput(instant: string | undefined): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?(\.\d+)?Z$/.exec(instant ?? "");
  return match ? match[1] + (match[2] && match[2] !== ":00" ? match[2] : "") : "";
}

/** The stored instant for a form value; undefined clears the bound. */
export function fromUtcInput(value: string): string | undefined {
  if (value === "") return undefined;
  return /T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : `${value}Z`;
}
