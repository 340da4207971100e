// The properties panel's edits as pure functions of the settings, so that the panel only
// wires inputs to them and the rules (what a tag is, what a mode switch keeps, what a
// lookup starts with) are tested without a browser.
import type { DataBinding } from "../../bindings/DataBinding";
import type { Diagnostic } from "../../bindings/Diagnostic";
import type { Reentrance } from "../../bindings/Reentrance";
import type { TimeZoneSetting } from "../../bindings/TimeZoneSetting";

/** Rust's default wait before re-entry (`Reentrance::default`): 5 minutes. */
export const DEFAULT_REENTRY_WAIT_SECONDS = 300;

/** `tags` with `text` added (trimmed); unchanged when it is blank or already there. */
export function addTag(tags: readonly string[], text: string): string[] {
  const tag = text.trim();
  if (tag === "" || tags.includes(tag)) return [...tags];
  return [...tags, tag];
}

export function removeTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((t) => t !== tag);
}

/** The re-entrance for `mode`, keeping the current wait when there is one. */
export function reentranceOf(mode: Reentrance["mode"], current: Reentrance): Reentrance {
  if (mode !== "afterWait") return { mode };
  return { mode, seconds: current.mode === "afterWait" ? current.seconds : DEFAULT_REENTRY_WAIT_SECONDS };
}

/** The time zone setting of `kind`; the fixed zone becomes the fallback and back. */
export function timeZoneOf(kind: TimeZoneSetting["kind"], current: TimeZoneSetting): TimeZoneSetting {
  if (kind === current.kind) return current;
  if (kind === "fixed") return { kind, zone: current.kind === "fromField" ? current.fallback : "UTC" };
  return { kind, path: "", fallback: current.kind === "fixed" ? current.zone : "UTC" };
}

/** The journey's own diagnostics that the panel places: properties and data lookups. */
export function settingsDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return list.filter((d) => d.node === undefined && (d.path.startsWith("properties.") || d.path.startsWith("data[")));
}

/** A lookup of `source`'s `group`, its parameters not mapped yet (Rust says which need one). */
export function newLookup(source: string, group: string): DataBinding {
  return { source, group, parameters: {} };
}

/** An empty expression means "not mapped", as in an action's mapping. */
export function withParameter(binding: DataBinding, name: string, expression: string): DataBinding {
  const parameters = { ...binding.parameters };
  if (expression === "") delete parameters[name];
  else parameters[name] = expression;
  return { ...binding, parameters };
}

/** `undefined` removes the default (a failed lookup then takes the error path). */
export function withDefault(binding: DataBinding, value: unknown): DataBinding {
  const next: DataBinding = { ...binding, default: value };
  if (value === undefined) delete next.default;
  return next;
}

export type JsonText = { kind: "empty" } | { kind: "valid"; value: unknown } | { kind: "invalid"; message: string };

/** Reads a JSON text area: blank is "no value", anything else must parse. */
export function readJsonText(text: string): JsonText {
  if (text.trim() === "") return { kind: "empty" };
  try {
    return { kind: "valid", value: JSON.parse(text) as unknown };
  } catch (e) {
    return { kind: "invalid", message: e instanceof Error ? e.message : String(e) };
  }
}

/** The text area's text for a stored value. */
export function jsonTextOf(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}
