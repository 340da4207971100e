import { describe, expect, it } from "vitest";

import type { CurrentUser } from "../bindings/CurrentUser";
import { accessOf } from "./permissions";

const business: CurrentUser = {
  name: "bea",
  role: "business",
  permissions: ["readJourneys", "manageJourneys", "publishJourneys", "simulate", "readReports"],
};

describe("accessOf", () => {
  const access = accessOf({ status: "ready", value: business });

  it("allows what the permissions hold, and says nothing against it", () => {
    expect(access.can("manageJourneys")).toBe(true);
    expect(access.can("publishJourneys", "manageJourneys")).toBe(true);
    expect(access.whyNot("manageJourneys")).toBeNull();
  });

  it("names the role and what it may not do, and who to ask", () => {
    expect(access.can("manageConfigurations")).toBe(false);
    expect(access.whyNot("manageConfigurations")).toBe(
      "Your role (business) may not manage events, data sources and actions — ask an administrator",
    );
  });

  it("names only the missing permissions of several", () => {
    expect(access.whyNot("simulate", "manageUsers", "manageConfigurations")).toBe(
      "Your role (business) may not manage users or manage events, data sources and actions — ask an administrator",
    );
  });

  it("allows one of several when any is held", () => {
    expect(access.whyNotAny("manageConfigurations", "manageJourneys")).toBeNull();
    const viewer = accessOf({ status: "ready", value: { name: "vic", role: "viewer", permissions: ["readJourneys", "readReports"] } });
    expect(viewer.whyNotAny("manageJourneys", "manageConfigurations")).toMatch(/^Your role \(viewer\) may not manage journeys or manage events/);
  });

  it("names the person when the permissions come from no role", () => {
    const tool = accessOf({ status: "ready", value: { name: "ci", role: null, permissions: [] } });
    expect(tool.whyNot("readReports")).toBe("You (ci) may not read reports — ask an administrator");
  });

  it("allows nothing until the user is known, and says why", () => {
    const loading = accessOf({ status: "loading" });
    expect(loading.can("readJourneys")).toBe(false);
    expect(loading.whyNot("readJourneys")).toMatch(/Checking/);
    const failed = accessOf({ status: "error", error: { code: "STORAGE", message: "database is locked" } });
    expect(failed.can("readJourneys")).toBe(false);
    expect(failed.whyNot("readJourneys")).toMatch(/STORAGE: database is locked/);
  });
});
