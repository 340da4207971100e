import { describe, expect, it } from "vitest";

import { fromUtcInput, toUtcInput } from "./utcInput";

describe("UTC date inputs", () => {
  it("shows stored instants to the minute, keeping non-zero seconds", () => {
    expect(toUtcInput("2026-01-05T09:00:00Z")).toBe("2026-01-05T09:00");
    expect(toUtcInput("2026-01-05T09:00:30Z")).toBe("2026-01-05T09:00:30");
    expect(toUtcInput(undefined)).toBe("");
    expect(toUtcInput("2026-01-05T09:00:00+02:00")).toBe("");
  });

  it("stores form values as UTC instants", () => {
    expect(fromUtcInput("2026-01-05T09:00")).toBe("2026-01-05T09:00:00Z");
    expect(fromUtcInput("2026-01-05T09:00:30")).toBe("2026-01-05T09:00:30Z");
    expect(fromUtcInput("")).toBeUndefined();
  });

  it("round-trips", () => {
    for (const s of ["2026-03-01T00:00:00Z", "2026-12-31T23:59:59Z"]) expect(fromUtcInput(toUtcInput(s))).toBe(s);
  });
});
