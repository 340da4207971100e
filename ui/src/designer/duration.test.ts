import { describe, expect, it } from "vitest";

import { splitDuration, unitSeconds } from "./duration";

describe("splitDuration", () => {
  it("uses the largest exact unit", () => {
    expect(splitDuration(86_400 * 3)).toEqual({ amount: 3, unit: "days" });
    expect(splitDuration(7_200)).toEqual({ amount: 2, unit: "hours" });
    expect(splitDuration(90)).toEqual({ amount: 90, unit: "seconds" });
    expect(splitDuration(120)).toEqual({ amount: 2, unit: "minutes" });
    expect(splitDuration(0)).toEqual({ amount: 0, unit: "seconds" });
  });

  it("round-trips through unitSeconds", () => {
    for (const s of [1, 59, 60, 3_600, 5_400, 86_400, 2_592_000]) {
      const { amount, unit } = splitDuration(s);
      expect(amount * unitSeconds(unit)).toBe(s);
    }
  });
});
