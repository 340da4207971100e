// Parses pasted JSON and, when it is invalid, says where. JSON.parse's messages differ
// between engines and some carry no position at all ("Unexpected token 'x'"), so the
// place is found by a small scanner of the JSON grammar, the same in Node and Chromium.

export type JsonParse =
  | { ok: true; value: unknown }
  | { ok: false; message: string; position: number; line: number; column: number };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const fallback = e instanceof Error ? e.message : String(e);
    const { position, message } = locateError(text) ?? { position: text.length, message: fallback };
    return { ok: false, message, position, ...lineColumn(text, position) };
  }
}

/**
 * JSON text with every object's keys in sorted order: two objects the form built alike
 * get the same text, whatever order it built their keys in. (Key order inside a pasted
 * JSON example is kept by Rust, but reordering it alone is not an edit worth a prompt.)
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** "Line 2, column 5: expected ':' …" */
export function describeJsonError(error: Extract<JsonParse, { ok: false }>): string {
  return `Line ${error.line}, column ${error.column}: ${error.message}`;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

class Stop {
  constructor(
    readonly position: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The first syntax error in `text`, or null when the scanner finds none. */
function locateError(text: string): { position: number; message: string } | null {
  let i = 0;
  const found = () => (i >= text.length ? "the end of the text" : JSON.stringify(text[i]));
  const expected = (what: string): never => {
    throw new Stop(i, `expected ${what}, found ${found()}`);
  };
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };

  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const escape = text[i + 1];
        if (escape === "u" && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && escape !== "u" && '"\\/bfnrt'.includes(escape)) i += 2;
        else {
          i++;
          expected("an escape sequence (\\n, \\\", \\u00e9…)");
        }
      } else if (c < " ") {
        throw new Stop(i, "a line break or control character inside a string (close the string first)");
      } else i++;
    }
    throw new Stop(i, "the string is not closed (missing \")");
  };

  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return expected("a number");
      i += m[0].length;
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    expected("a value (object, array, string, number, true, false or null)");
  };

  const object = () => {
    i++;
    skipSpace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') expected("a double-quoted property name");
      string();
      skipSpace();
      if (text[i] !== ":") expected("':' after the property name");
      i++;
      value();
      skipSpace();
      if (text[i] === "}") {
        i++;
        return;
      }
      if (text[i] !== ",") expected("',' or '}'");
      i++;
    }
  };

  const array = () => {
    i++;
    skipSpace();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[i] === "]") {
        i++;
        return;
      }
      if (text[i] !== ",") expected("',' or ']'");
      i++;
    }
  };

  try {
    value();
    skipSpace();
    if (i < text.length) expected("nothing after the JSON value");
    return null;
  } catch (e) {
    if (e instanceof Stop) return { position: e.position, message: e.message };
    throw e;
  }
}
