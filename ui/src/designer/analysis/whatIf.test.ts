import { describe, expect, it } from "vitest";

import { parsePeople, parseSeed, progressPercent, readProgress } from "./whatIf";

describe("what-if inputs", () => {
  it("take 1 to 1,000,000 people, thousands separators allowed", () => {
    expect(parsePeople("10,000")).toEqual({ ok: true, value: 10_000 });
    expect(parsePeople(" 2500 ")).toEqual({ ok: true, value: 2_500 });
    expect(parsePeople("1 000 000")).toEqual({ ok: true, value: 1_000_000 });
    expect(parsePeople("1")).toEqual({ ok: true, value: 1 });
    expect(parsePeople("0")).toMatchObject({ ok: false, message: expect.stringMatching(/1 to 1,000,000/) });
    expect(parsePeople("1000001")).toMatchObject({ ok: false });
    expect(parsePeople("12.5")).toMatchObject({ ok: false, message: expect.stringMatching(/whole number/) });
    expect(parsePeople("-3")).toMatchObject({ ok: false });
    expect(parsePeople("")).toMatchObject({ ok: false });
  });

  it("take any whole seed from 0 that is exact in JSON", () => {
    expect(parseSeed("0")).toEqual({ ok: true, value: 0 });
    expect(parseSeed("42")).toEqual({ ok: true, value: 42 });
    expect(parseSeed("9007199254740991")).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
    expect(parseSeed("9007199254740993")).toMatchObject({ ok: false });
    expect(parseSeed("abc")).toMatchObject({ ok: false });
  });
});

describe("what-if progress", () => {
  it("reads {done, total} payloads and ignores anything else", () => {
    expect(readProgress({ done: 250, total: 1000 })).toEqual({ done: 250, total: 1000 });
    expect(readProgress({ done: 1200, total: 1000 })).toEqual({ done: 1000, total: 1000 });
    expect(readProgress({ done: "1", total: 10 })).toBeNull();
    expect(readProgress(null)).toBeNull();
    expect(readProgress({ done: -1, total: 10 })).toBeNull();
  });

  it("is a share from 0 to 100, rounded down", () => {
    expect(progressPercent({ done: 0, total: 10 })).toBe(0);
    expect(progressPercent({ done: 999, total: 1000 })).toBe(99);
    expect(progressPercent({ done: 1000, total: 1000 })).toBe(100);
    expect(progressPercent({ done: 0, total: 0 })).toBe(0);
  });
});
