// What the time zone inputs suggest: IANA zones (the runtime's own list where it has one,
// else a few common ones) and the entry event's text fields a zone may be read from.
// Suggestions only: Rust decides what is valid.
import type { Field } from "../../bindings/Field";

const COMMON = [
  "UTC",
  "Europe/London",
  "Europe/Paris",
  "Europe/Berlin",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "Asia/Tokyo",
  "Asia/Singapore",
  "Australia/Sydney",
];

export function timeZoneSuggestions(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: "timeZone") => string[] };
  const listed = intl.supportedValuesOf?.("timeZone") ?? [];
  return [...new Set([...COMMON, ...listed])];
}

/** Paths of the string fields in `fields` (`timezone`, `customer.tz`), as Rust reads them. */
export function stringFieldPaths(fields: readonly Field[], prefix = ""): string[] {
  return fields.flatMap((f) => {
    const path = prefix === "" ? f.name : `${prefix}.${f.name}`;
    if (f.type === "object") return stringFieldPaths(f.fields ?? [], path);
    return f.type === "string" ? [path] : [];
  });
}
