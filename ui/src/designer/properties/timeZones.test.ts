import { describe, expect, it } from "vitest";

import { stringFieldPaths, timeZoneSuggestions } from "./timeZones";

describe("time zone suggestions", () => {
  it("start with UTC and list each zone once", () => {
    const zones = timeZoneSuggestions();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Paris");
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("offer the entry event's string fields, nested ones by their path", () => {
    const paths = stringFieldPaths([
      { name: "email", type: "string" },
      { name: "total", type: "number" },
      { name: "customer", type: "object", fields: [{ name: "tz", type: "string" }] },
    ]);
    expect(paths).toEqual(["email", "customer.tz"]);
  });
});
