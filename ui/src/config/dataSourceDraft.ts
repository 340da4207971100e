// The data source form's state and its conversion to and from the binding DataSource.
// As in the action form, texts (the response examples, numbers) are kept as typed so an
// invalid entry is never lost; reading them reports shape problems by the path Rust uses
// (`fieldGroups[1].responseExample`), and Rust's own rules come back as diagnostics.
// Rust stores a group's response example, not its fields: the fields are derived from
// the example wherever they are needed (responseFields.ts), so the form does the same.
import type { DataSource } from "../bindings/DataSource";
import type { FieldGroup } from "../bindings/FieldGroup";
import type { FieldKind } from "../bindings/FieldKind";
import type { GroupMethod } from "../bindings/GroupMethod";
import type { ParamLocation } from "../bindings/ParamLocation";
import { authFromDraft, draftFromAuth, newAuthDraft, type AuthDraft, type Built } from "./authDraft";
import type { ShapeProblems } from "./diagnostics";
import { describeJsonError, parseJson } from "./json";
import { U32_MAX, wholeNumber } from "./numbers";
import { pathParameters } from "./responseFields";

export type ParamDraft = { key: string; name: string; location: ParamLocation; type: FieldKind };

export type GroupDraft = {
  key: string;
  name: string;
  method: GroupMethod;
  path: string;
  parameters: ParamDraft[];
  /** The response example as typed; empty stands for `null` (no fields). */
  exampleText: string;
};

export type DataSourceDraft = {
  name: string;
  description: string;
  baseUrl: string;
  auth: AuthDraft;
  cacheSeconds: string;
  ratePerSecond: string;
  groups: GroupDraft[];
};

// Keyed by the generated unions, so the compiler flags these lists when Rust's enums change.
const METHODS: Record<GroupMethod, true> = { GET: true, POST: true };
export const GROUP_METHODS = Object.keys(METHODS) as GroupMethod[];

const LOCATIONS: Record<ParamLocation, string> = { path: "in the path", query: "in the query", body: "in the body" };
export const PARAM_LOCATIONS = Object.keys(LOCATIONS) as ParamLocation[];
export const locationLabel = (l: ParamLocation) => LOCATIONS[l];

export function newDataSourceDraft(): DataSourceDraft {
  return {
    name: "",
    description: "",
    baseUrl: "",
    auth: newAuthDraft(),
    // Rust's serde defaults (data_source.rs: cache_seconds 0, default_rate 15).
    cacheSeconds: "0",
    ratePerSecond: "15",
    groups: [],
  };
}

export function newGroup(key: string): GroupDraft {
  return { key, name: "", method: "GET", path: "", parameters: [], exampleText: "" };
}

export function newGroupParam(key: string, name = "", location: ParamLocation = "query"): ParamDraft {
  return { key, name, location, type: "string" };
}

/** The example as it is shown: pretty JSON, `null` (or nothing) as an empty text. */
export function exampleText(example: unknown): string {
  return example === null || example === undefined ? "" : JSON.stringify(example, null, 2);
}

export function draftFromDataSource(source: DataSource, newKey: () => string): DataSourceDraft {
  return {
    name: source.name,
    description: source.description,
    baseUrl: source.baseUrl,
    auth: draftFromAuth(source.auth, newKey),
    cacheSeconds: String(source.cacheSeconds),
    ratePerSecond: String(source.ratePerSecond),
    groups: source.fieldGroups.map((g) => ({
      key: newKey(),
      name: g.name,
      method: g.method,
      path: g.path,
      parameters: g.parameters.map((p) => ({ key: newKey(), name: p.name, location: p.location, type: p.type })),
      exampleText: exampleText(g.responseExample),
    })),
  };
}

/** The group's example, or undefined (with the problem noted) when its text is not JSON. */
export function readExample(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: null };
  const parsed = parseJson(text);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, message: describeJsonError(parsed) };
}

function groupFromDraft(g: GroupDraft, i: number, problems: ShapeProblems): FieldGroup {
  const example = readExample(g.exampleText);
  if (!example.ok) problems[`fieldGroups[${i}].responseExample`] = example.message;
  // Keys in the order Rust serializes them, so an untouched group compares equal.
  return {
    name: g.name,
    method: g.method,
    path: g.path,
    parameters: g.parameters.map((p) => ({ name: p.name, location: p.location, type: p.type })),
    responseExample: example.ok ? example.value : null,
  };
}

export function dataSourceFromDraft(d: DataSourceDraft): Built<DataSource> {
  const problems: ShapeProblems = {};
  const cache = wholeNumber(d.cacheSeconds, Number.MAX_SAFE_INTEGER, "Enter a whole number of seconds");
  if (!cache.ok) problems.cacheSeconds = cache.message;
  const rate = wholeNumber(d.ratePerSecond, U32_MAX, "Enter a whole number of calls per second");
  if (!rate.ok) problems.ratePerSecond = rate.message;
  const auth = authFromDraft(d.auth);
  if (!auth.ok) Object.assign(problems, auth.problems);
  const fieldGroups = d.groups.map((g, i) => groupFromDraft(g, i, problems));
  if (Object.keys(problems).length > 0 || !cache.ok || !rate.ok || !auth.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: d.name,
      description: d.description,
      baseUrl: d.baseUrl,
      auth: auth.value,
      cacheSeconds: cache.value,
      ratePerSecond: rate.value,
      fieldGroups,
    },
  };
}

/**
 * `{placeholders}` of the group's path that no path parameter declares yet (blank names
 * left out: there is nothing to declare), once each, in the path's order.
 */
export function undeclaredPathParams(g: Pick<GroupDraft, "path" | "parameters">): string[] {
  const declared = new Set(g.parameters.filter((p) => p.location === "path").map((p) => p.name));
  return [...new Set(pathParameters(g.path))].filter((name) => name !== "" && !declared.has(name));
}

/**
 * Declares `name` as a path parameter: an existing parameter of that name moves to the
 * path (a placeholder can only be filled from there), otherwise a string one is added.
 */
export function declarePathParam(g: GroupDraft, name: string, newKey: () => string): GroupDraft {
  const existing = g.parameters.findIndex((p) => p.name === name);
  if (existing >= 0) {
    return { ...g, parameters: g.parameters.map((p, i) => (i === existing ? { ...p, location: "path" } : p)) };
  }
  return { ...g, parameters: [...g.parameters, newGroupParam(newKey(), name, "path")] };
}
