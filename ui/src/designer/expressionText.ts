// Text operations behind the expression editor: the identifier being typed at the
// cursor, the suggestions that continue it (fields in scope with their type, functions
// with their signature), the call the cursor is in, and inserting text where it is.
import type { FunctionHelp } from "../bindings/FunctionHelp";

export type TextEdit = { text: string; cursor: number };

/** A field an expression may read, with the checker's type when Rust gave one. */
export type TypedPath = { path: string; ty?: string };

export type Suggestion =
  | { kind: "field"; label: string; ty?: string }
  | { kind: "function"; label: string; fn: FunctionHelp };

/** The dotted identifier that ends at `cursor` (`event.ca` in `size(event.ca|)`), with its start. */
export function tokenAt(text: string, cursor: number): { token: string; start: number } {
  const match = /[A-Za-z_][\w.]*$/.exec(text.slice(0, cursor));
  return match ? { token: match[0], start: match.index } : { token: "", start: cursor };
}

/** Paths that extend `token` (case-sensitive, like CEL), at most `limit`, exact match excluded. */
export function completions(token: string, paths: readonly string[], limit = 8): string[] {
  if (token === "") return [];
  return paths.filter((p) => p.startsWith(token) && p !== token).slice(0, limit);
}

/**
 * What may continue `token`: the fields extending it, then, for a bare name (functions
 * are global calls, never after a dot), the functions it starts. A function already
 * complete is still offered, for its signature.
 */
export function suggestionsFor(
  token: string,
  fields: readonly TypedPath[],
  functions: readonly FunctionHelp[],
  limit = 10,
): Suggestion[] {
  if (token === "") return [];
  const out: Suggestion[] = [];
  for (const f of fields) {
    if (f.path.startsWith(token) && f.path !== token) out.push({ kind: "field", label: f.path, ty: f.ty });
  }
  if (!token.includes(".")) {
    for (const fn of functions) if (fn.name.startsWith(token)) out.push({ kind: "function", label: fn.name, fn });
  }
  // Fields first, but never so many that a matching function drops off the list.
  const fns = out.filter((s) => s.kind === "function");
  const kept = out.filter((s) => s.kind === "field").slice(0, Math.max(limit - fns.length, Math.ceil(limit / 2)));
  return [...kept, ...fns].slice(0, limit);
}

/** Replaces `text[start, end)` with `insert` and puts the cursor after it. */
export function replaceRange(text: string, start: number, end: number, insert: string): TextEdit {
  return { text: text.slice(0, start) + insert + text.slice(end), cursor: start + insert.length };
}

/**
 * Replaces `text[start, end)` with a call of `name`, the cursor between its parentheses
 * so the arguments come next; an opening parenthesis already there is reused.
 */
export function insertCall(text: string, start: number, end: number, name: string): TextEdit {
  if (text[end] === "(") return { ...replaceRange(text, start, end, name), cursor: start + name.length + 1 };
  const edit = replaceRange(text, start, end, `${name}()`);
  return { ...edit, cursor: edit.cursor - 1 };
}

/**
 * The innermost call whose parentheses hold `cursor` (`addDays(now, |`), and which of its
 * arguments the cursor is in (0-based), skipping string literals; null outside a call.
 */
export function callAt(text: string, cursor: number): { name: string; arg: number } | null {
  const open: { name: string | null; arg: number }[] = [];
  let quote: string | null = null;
  for (let i = 0; i < cursor && i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "(" || c === "[" || c === "{") {
      // Only a parenthesis right after a name is a call; brackets still nest commas.
      const name = c === "(" ? (/([A-Za-z_]\w*)\s*$/.exec(text.slice(0, i))?.[1] ?? null) : null;
      open.push({ name, arg: 0 });
    } else if (c === ")" || c === "]" || c === "}") {
      open.pop();
    } else if (c === "," && open.length > 0) {
      open[open.length - 1].arg++;
    }
  }
  const inner = open.at(-1);
  return inner?.name ? { name: inner.name, arg: inner.arg } : null;
}
