import { describe, expect, it } from "vitest";

import { readMinimapSetting } from "./useMinimapSetting";

describe("readMinimapSetting", () => {
  it("shows the minimap unless it was hidden, and when storage fails", () => {
    expect(readMinimapSetting(undefined)).toBe(true);
    expect(readMinimapSetting({ getItem: () => null })).toBe(true);
    expect(readMinimapSetting({ getItem: () => "shown" })).toBe(true);
    expect(readMinimapSetting({ getItem: () => "hidden" })).toBe(false);
    expect(
      readMinimapSetting({
        getItem: () => {
          throw new Error("denied");
        },
      }),
    ).toBe(true);
  });
});
