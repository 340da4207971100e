import { describe, expect, it } from "vitest";

import type { ImportReport } from "../bindings/ImportReport";
import { objectLabel } from "../model";
import { importedLabel, originChangeText } from "./imports";

const report = (extra: Partial<ImportReport> = {}): ImportReport => ({
  events: 1,
  dataSources: 1,
  actions: 2,
  journeys: 3,
  fixtures: 0,
  testProfiles: 0,
  diagnostics: [],
  originChanges: [],
  ...extra,
});

describe("objectLabel", () => {
  it("reads Rust's object names as words", () => {
    expect(objectLabel("dataSource:orders")).toBe("Data source orders");
    expect(objectLabel("action:send_reminder")).toBe("Action send_reminder");
    expect(objectLabel("something:else")).toBe("something:else");
    expect(objectLabel("plain")).toBe("plain");
  });
});

describe("import notes", () => {
  it("says where calls went before and go now", () => {
    expect(originChangeText({ object: "dataSource:orders", from: ["https://old.example"], to: ["https://new.example"], secrets: [] })).toBe(
      "Data source orders: https://old.example → https://new.example",
    );
    expect(originChangeText({ object: "action:x", from: [], to: ["https://a.example", "https://b.example"], secrets: [] })).toBe(
      "Action x: no origin → https://a.example, https://b.example",
    );
  });

  it("mentions origin changes and the secrets left behind, once each", () => {
    expect(importedLabel(report())).toBe("Imported 3 journeys, 1 events, 1 data sources, 2 actions");
    const changed = importedLabel(
      report({
        originChanges: [
          { object: "dataSource:orders", from: ["https://old.example"], to: ["https://new.example"], secrets: ["orders_key"] },
          { object: "action:notify", from: ["https://old.example"], to: ["https://new.example"], secrets: ["orders_key"] },
        ],
      }),
    );
    expect(changed).toContain("Calls now go elsewhere: Data source orders: https://old.example → https://new.example; Action notify:");
    expect(changed).toContain("Their secrets (orders_key) stay bound to the old origins");
  });
});
