import { describe, expect, it } from "vitest";

import type { JourneySummary } from "./bindings/JourneySummary";
import type { Overview } from "./bindings/Overview";
import {
  lastChangeLabel,
  configCounts,
  configSections,
  filterJourneys,
  problemLevel,
  problemsLabel,
  sortJourneys,
  stateLabel,
  usedInLabel,
  versionLabel,
} from "./model";

function journey(name: string, description = "", extra: Partial<JourneySummary> = {}): JourneySummary {
  return {
    name,
    description,
    latestVersion: 1,
    status: "draft",
    state: "draft",
    activities: 0,
    updatedAt: "2024-01-01T00:00:00Z",
    errors: 0,
    warnings: 0,
    ...extra,
  };
}

const journeys = [
  journey("welcome", "Onboarding for new customers"),
  journey("Churn-rescue", "Win back LAPSED subscribers"),
  journey("birthday", "Yearly greeting"),
];

describe("filterJourneys", () => {
  it("keeps everything for a blank query", () => {
    expect(filterJourneys(journeys, "")).toEqual(journeys);
    expect(filterJourneys(journeys, "   ")).toEqual(journeys);
  });

  it("matches the name case-insensitively", () => {
    expect(filterJourneys(journeys, "CHURN").map((j) => j.name)).toEqual(["Churn-rescue"]);
  });

  it("matches the description case-insensitively", () => {
    expect(filterJourneys(journeys, "lapsed").map((j) => j.name)).toEqual(["Churn-rescue"]);
    expect(filterJourneys(journeys, "customers").map((j) => j.name)).toEqual(["welcome"]);
  });

  it("trims the query and returns nothing when nothing matches", () => {
    expect(filterJourneys(journeys, "  yearly ").map((j) => j.name)).toEqual(["birthday"]);
    expect(filterJourneys(journeys, "zzz")).toEqual([]);
  });

  it("does not mutate its input", () => {
    const copy = [...journeys];
    filterJourneys(journeys, "e");
    expect(journeys).toEqual(copy);
  });
});

describe("sortJourneys", () => {
  it("sorts by name, case-insensitively, without mutating", () => {
    const input = [...journeys];
    expect(sortJourneys(input).map((j) => j.name)).toEqual(["birthday", "Churn-rescue", "welcome"]);
    expect(input).toEqual(journeys);
  });

  it("orders numbers naturally", () => {
    const list = [journey("step 10"), journey("step 2"), journey("step 1")];
    expect(sortJourneys(list).map((j) => j.name)).toEqual(["step 1", "step 2", "step 10"]);
  });

  it("is deterministic for names differing only in case", () => {
    const a = sortJourneys([journey("b"), journey("B")]).map((j) => j.name);
    const b = sortJourneys([journey("B"), journey("b")]).map((j) => j.name);
    expect(a).toEqual(b);
  });
});

describe("stateLabel", () => {
  it("labels every status", () => {
    expect(stateLabel("draft")).toBe("Draft");
    expect(stateLabel("live")).toBe("Live");
    expect(stateLabel("paused")).toBe("Paused");
    expect(stateLabel("closed")).toBe("Closed");
    expect(stateLabel("stopped")).toBe("Stopped");
    expect(stateLabel("finished")).toBe("Finished");
  });
});

describe("usedInLabel", () => {
  it("handles zero, one and many", () => {
    expect(usedInLabel(0)).toBe("not used");
    expect(usedInLabel(1)).toBe("used in 1 journey");
    expect(usedInLabel(2)).toBe("used in 2 journeys");
    expect(usedInLabel(12)).toBe("used in 12 journeys");
  });
});

describe("versionLabel / problemsLabel / problemLevel", () => {
  it("formats versions", () => {
    expect(versionLabel(2)).toBe("v2");
  });

  it("formats problems", () => {
    expect(problemsLabel(0, 0)).toBe("valid");
    expect(problemsLabel(2, 1)).toBe("2 errors · 1 warning");
    expect(problemsLabel(1, 0)).toBe("1 error");
    expect(problemsLabel(0, 3)).toBe("3 warnings");
  });

  it("grades problems", () => {
    expect(problemLevel(0, 0)).toBe("ok");
    expect(problemLevel(0, 1)).toBe("warning");
    expect(problemLevel(1, 5)).toBe("error");
  });
});

describe("configCounts / configSections", () => {
  const overview: Overview = {
    databasePath: "/tmp/parcours.sqlite",
    journeys: [],
    events: [
      { name: "purchase", description: "", usedIn: 2 },
      { name: "Cart_abandoned", description: "", usedIn: 0 },
    ],
    dataSources: [{ name: "crm", description: "Customer records", usedIn: 1 }],
    actions: [],
  };

  it("counts each kind and the total", () => {
    expect(configCounts(overview)).toEqual({ events: 2, dataSources: 1, actions: 0, total: 3 });
  });

  it("returns the three sections in order, items sorted by name", () => {
    const sections = configSections(overview);
    expect(sections.map((s) => [s.kind, s.title])).toEqual([
      ["event", "Events"],
      ["dataSource", "Data sources"],
      ["action", "Custom actions"],
    ]);
    expect(sections[0].items.map((i) => i.name)).toEqual(["Cart_abandoned", "purchase"]);
    expect(sections[2].items).toEqual([]);
  });
});

describe("lastChangeLabel", () => {
  it("shows the date and time in the zone asked", () => {
    expect(lastChangeLabel("2026-01-05T09:30:00Z", "UTC")).toBe("5 Jan 2026, 09:30");
    expect(lastChangeLabel("2026-01-05T09:30:00Z", "Europe/Paris")).toBe("5 Jan 2026, 10:30");
  });

  it("says nothing is known rather than showing Invalid Date", () => {
    expect(lastChangeLabel("")).toBe("—");
    expect(lastChangeLabel("yesterday")).toBe("—");
  });
});
