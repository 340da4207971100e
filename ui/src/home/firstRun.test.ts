import { describe, expect, it } from "vitest";

import { firstRunHintDone, firstRunHintShown } from "./firstRun";

function memory(): Pick<Storage, "getItem" | "setItem"> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe("the first-run hint", () => {
  it("shows until it is done, then stays away", () => {
    const storage = memory();
    expect(firstRunHintShown(storage)).toBe(true);
    firstRunHintDone(storage);
    expect(firstRunHintShown(storage)).toBe(false);
  });

  it("shows when storage is missing or refuses", () => {
    const refusing = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(firstRunHintShown(undefined)).toBe(true);
    expect(firstRunHintShown(refusing)).toBe(true);
    expect(() => firstRunHintDone(refusing)).not.toThrow();
  });
});
