import { describe, expect, it } from "vitest";

import { canonicalJson, describeJsonError, lineColumn, parseJson } from "./json";

function failure(text: string) {
  const r = parseJson(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be invalid`);
  return r;
}

describe("parseJson", () => {
  it("returns the value of valid JSON", () => {
    expect(parseJson('{"a": [1, 2.5e3, -0.5, true, null, "\\u00e9\\n"]}')).toEqual({
      ok: true,
      value: { a: [1, 2500, -0.5, true, null, "é\n"] },
    });
    expect(parseJson(" 42 ")).toEqual({ ok: true, value: 42 });
  });

  it.each([
    ['{"a":1,}', 7, "expected a double-quoted property name, found \"}\""],
    ["{'a':1}", 1, "expected a double-quoted property name"],
    ['{"a" 1}', 5, "expected ':' after the property name"],
    ['{"a": tru}', 6, "expected a value"],
    ["[1 2]", 3, "expected ',' or ']'"],
    ['{"a":1', 6, "expected ',' or '}', found the end of the text"],
    ['{"a":"b}', 8, "the string is not closed"],
    ['{"a":1}}', 7, "expected nothing after the JSON value"],
    ["x", 0, "expected a value"],
    ["", 0, "found the end of the text"],
    ['"\\x"', 2, "expected an escape sequence (\\n, \\\", \\u00e9…), found \"x\""],
    ['"\\u12"', 2, "expected an escape sequence"],
    ['"a\nb"', 2, "line break or control character"],
    ["-", 0, "expected a number"],
    ["01", 1, "expected nothing after"],
  ])("locates the error in %j", (text, position, message) => {
    const r = failure(text);
    expect(r.position).toBe(position);
    expect(r.message).toContain(message);
  });

  it("gives line and column on multi-line text", () => {
    const r = failure('{\n  "to": "a",\n  "text" "hi"\n}');
    expect([r.line, r.column]).toEqual([3, 10]);
    expect(describeJsonError(r)).toBe("Line 3, column 10: expected ':' after the property name, found \"\\\"\"");
  });
});

describe("lineColumn", () => {
  it("is 1-based", () => {
    expect(lineColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("canonicalJson", () => {
  it("writes objects alike whatever their key order, arrays in their order", () => {
    const rust = { name: "email", type: "string", required: true, description: "d", fields: [{ b: 1, a: [2, 1] }] };
    const form = { fields: [{ a: [2, 1], b: 1 }], description: "d", name: "email", type: "string", required: true };
    expect(canonicalJson(form)).toBe(canonicalJson(rust));
    expect(canonicalJson({ a: [2, 1] })).not.toBe(canonicalJson({ a: [1, 2] }));
    expect(JSON.parse(canonicalJson(rust))).toEqual(rust);
  });
});
