// Text operations behind the expression editor: the identifier being typed at the
// cursor, the suggestions that continue it, and inserting a path where the cursor is.

export type TextEdit = { text: string; cursor: number };

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

/** Replaces `text[start, end)` with `insert` and puts the cursor after it. */
export function replaceRange(text: string, start: number, end: number, insert: string): TextEdit {
  return { text: text.slice(0, start) + insert + text.slice(end), cursor: start + insert.length };
}
