// Places messages next to form inputs by path. Rust diagnostics locate a problem with a
// path such as `fields[2].name` or `url` (see validate/config.rs); inputs declare the
// path they edit. Paths are compared in one normal form (`fields.2.name`), so either
// spelling of an index matches. Shape problems found while reading the form (a number
// that is not a number, JSON that does not parse) use the same paths and the same
// display, without a code: they are not rules, and Rust never saw them.
import type { Code } from "../bindings/Code";
import type { Diagnostic } from "../bindings/Diagnostic";
import type { Severity } from "../bindings/Severity";

export type Message = { path: string; severity: Severity; code?: Code; text: string };

/** Problems found while turning the form into the object to send, by path. */
export type ShapeProblems = Record<string, string>;

export function normalizePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
}

export function fromDiagnostics(diagnostics: readonly Diagnostic[]): Message[] {
  return diagnostics.map((d) => ({ path: normalizePath(d.path), severity: d.severity, code: d.code, text: d.message }));
}

export function fromShapeProblems(problems: ShapeProblems): Message[] {
  return Object.entries(problems).map(([path, text]) => ({ path: normalizePath(path), severity: "error", text }));
}

export function indexByPath(messages: readonly Message[]): Map<string, Message[]> {
  const index = new Map<string, Message[]>();
  for (const m of messages) {
    const list = index.get(m.path);
    if (list) list.push(m);
    else index.set(m.path, [m]);
  }
  return index;
}

/** `fields.0.fields.1.name` → itself, then each shorter prefix down to `fields`. */
export function pathAndAncestors(path: string): string[] {
  const parts = normalizePath(path).split(".");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("."));
}

export function countBySeverity(messages: readonly Message[]): { errors: number; warnings: number } {
  const errors = messages.filter((m) => m.severity === "error").length;
  return { errors, warnings: messages.length - errors };
}
