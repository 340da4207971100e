import { describe, expect, it } from "vitest";

import type { DataSource } from "../bindings/DataSource";
import {
  dataSourceFromDraft,
  declarePathParam,
  draftFromDataSource,
  exampleText,
  newDataSourceDraft,
  newGroup,
  undeclaredPathParams,
  type DataSourceDraft,
} from "./dataSourceDraft";

const keys = () => {
  let n = 0;
  return () => `k${++n}`;
};

const crm: DataSource = {
  name: "crm",
  description: "Customer records",
  baseUrl: "https://crm.example.com/api",
  auth: { type: "apiKey", name: "X-Api-Key", location: "header", secret: "crm_key" },
  cacheSeconds: 300,
  ratePerSecond: 10,
  fieldGroups: [
    {
      name: "profile",
      method: "GET",
      path: "/customers/{customerId}",
      parameters: [
        { name: "customerId", location: "path", type: "string" },
        { name: "expand", location: "query", type: "boolean" },
      ],
      responseExample: { id: "c-1", tier: "gold", orders: [{ total: 12.5 }] },
    },
    { name: "ping", method: "POST", path: "/ping", parameters: [], responseExample: null },
  ],
};

function built(d: DataSourceDraft): DataSource {
  const r = dataSourceFromDraft(d);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe("data source drafts", () => {
  it("round-trip a saved data source, keys in Rust's order", () => {
    const back = built(draftFromDataSource(crm, keys()));
    expect(back).toEqual(crm);
    expect(JSON.stringify(back)).toBe(JSON.stringify(crm));
  });

  it("start with Rust's defaults and no groups", () => {
    expect(built(newDataSourceDraft())).toEqual({
      name: "",
      description: "",
      baseUrl: "",
      auth: { type: "none" },
      cacheSeconds: 0,
      ratePerSecond: 15,
      fieldGroups: [],
    });
  });

  it("send an empty response example as null, and show null as an empty text", () => {
    const d = { ...newDataSourceDraft(), groups: [newGroup("g")] };
    expect(built(d).fieldGroups).toEqual([{ name: "", method: "GET", path: "", parameters: [], responseExample: null }]);
    expect(exampleText(null)).toBe("");
    expect(exampleText({ a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it("report unreadable inputs by Rust's paths and keep the texts", () => {
    const d: DataSourceDraft = {
      ...newDataSourceDraft(),
      cacheSeconds: "five",
      ratePerSecond: "4294967296",
      groups: [newGroup("a"), { ...newGroup("b"), exampleText: '{"id": }' }],
    };
    const r = dataSourceFromDraft(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.problems).sort()).toEqual(["cacheSeconds", "fieldGroups[1].responseExample", "ratePerSecond"]);
    expect(r.problems["fieldGroups[1].responseExample"]).toMatch(/^Line 1, column 8: expected a value/);
    expect(r.problems.ratePerSecond).toMatch(/at most 4,294,967,295/);
    expect(d.groups[1].exampleText).toBe('{"id": }');
  });

  it("report auth shape problems too", () => {
    const d = newDataSourceDraft();
    const r = dataSourceFromDraft({ ...d, auth: { ...d.auth, type: "customToken", ttlSeconds: "soon" } });
    expect(r.ok ? {} : r.problems).toEqual({ "auth.ttlSeconds": expect.stringMatching(/whole number of seconds/) });
  });
});

describe("path placeholders", () => {
  const group = { ...newGroup("g"), path: "/c/{customerId}/o/{orderId}/{orderId}/{}" };

  it("lists placeholders no path parameter declares, once each", () => {
    expect(undeclaredPathParams(group)).toEqual(["customerId", "orderId"]);
    const withQuery = { ...group, parameters: [{ key: "p", name: "orderId", location: "query" as const, type: "string" as const }] };
    expect(undeclaredPathParams(withQuery)).toEqual(["customerId", "orderId"]);
  });

  it("declares a placeholder: adds a string path parameter, or moves one of that name to the path", () => {
    const added = declarePathParam(group, "customerId", () => "new");
    expect(added.parameters).toEqual([{ key: "new", name: "customerId", location: "path", type: "string" }]);
    expect(undeclaredPathParams(added)).toEqual(["orderId"]);

    const existing = { ...group, parameters: [{ key: "p", name: "orderId", location: "query" as const, type: "integer" as const }] };
    expect(declarePathParam(existing, "orderId", () => "unused").parameters).toEqual([
      { key: "p", name: "orderId", location: "path", type: "integer" },
    ]);
  });
});
