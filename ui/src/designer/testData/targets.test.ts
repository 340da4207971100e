import { describe, expect, it } from "vitest";

import type { CustomAction } from "../../bindings/CustomAction";
import type { DataSource } from "../../bindings/DataSource";
import type { Fixture } from "../../bindings/Fixture";
import { configuredExample, fixtureRows, fixtureStatus, journeyTargets, targetKey, targetLabel } from "./targets";

const fixture = (target: Fixture["target"], n: number): Fixture => ({
  target,
  responses: Array.from({ length: n }, () => ({ status: 200, body: null })),
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
});

describe("journeyTargets", () => {
  it("lists each action, then each data source field group, once", () => {
    const targets = journeyTargets(
      ["send_push", "send_reminder"],
      [
        { source: "orders", group: "byCart", parameters: { cartId: "event.cartId" } },
        { source: "crm", group: "profile", parameters: {} },
        { source: "orders", group: "byCart", parameters: { cartId: "event.other" } },
      ],
    );
    expect(targets).toEqual([
      { kind: "action", name: "send_push" },
      { kind: "action", name: "send_reminder" },
      { kind: "dataSource", source: "orders", group: "byCart" },
      { kind: "dataSource", source: "crm", group: "profile" },
    ]);
  });

  it("skips unfinished references and accepts a journey without data bindings", () => {
    expect(journeyTargets(["", "a"], undefined)).toEqual([{ kind: "action", name: "a" }]);
    expect(journeyTargets([], [{ source: "orders", group: "", parameters: {} }])).toEqual([]);
  });

  it("keeps an action and a data source of the same name apart", () => {
    expect(journeyTargets(["orders"], [{ source: "orders", group: "orders", parameters: {} }]).map(targetKey)).toEqual([
      "action:orders",
      "dataSource:orders/orders",
    ]);
  });
});

describe("fixtureRows and fixtureStatus", () => {
  it("pairs each target with its saved fixture", () => {
    const targets = journeyTargets(["send_reminder"], [{ source: "orders", group: "byCart", parameters: {} }]);
    const saved = fixture({ kind: "dataSource", source: "orders", group: "byCart" }, 2);
    const unrelated = fixture({ kind: "action", name: "other" }, 1);
    const rows = fixtureRows(targets, [unrelated, saved]);
    expect(rows.map((r) => [r.key, r.fixture])).toEqual([
      ["action:send_reminder", null],
      ["dataSource:orders/byCart", saved],
    ]);
    expect(rows.map((r) => fixtureStatus(r.fixture))).toEqual([
      "No fixture: the configured example answers",
      "Fixture: 2 responses",
    ]);
    expect(fixtureStatus(fixture({ kind: "action", name: "x" }, 1))).toBe("Fixture: 1 response");
  });

  it("labels targets in words", () => {
    expect(targetLabel({ kind: "action", name: "send_sms" })).toBe("Action send_sms");
    expect(targetLabel({ kind: "dataSource", source: "crm", group: "profile" })).toBe("Data source crm, field group profile");
  });
});

describe("configuredExample", () => {
  const actions = [{ name: "send_sms", responseExample: { id: "m-1" } }] as unknown as CustomAction[];
  const sources = [{ name: "crm", fieldGroups: [{ name: "profile", responseExample: { tier: "gold" } }] }] as unknown as DataSource[];

  it("is the action's or the field group's response example", () => {
    expect(configuredExample({ kind: "action", name: "send_sms" }, actions, sources)).toEqual({ id: "m-1" });
    expect(configuredExample({ kind: "dataSource", source: "crm", group: "profile" }, actions, sources)).toEqual({ tier: "gold" });
  });

  it("is undefined for what is not configured", () => {
    expect(configuredExample({ kind: "action", name: "nope" }, actions, sources)).toBeUndefined();
    expect(configuredExample({ kind: "dataSource", source: "crm", group: "nope" }, actions, sources)).toBeUndefined();
  });
});
