// Test requests from the action and data source forms: one input per value the request
// needs, read into the `values` Rust expects, and the answer described for people.
// Action values are keyed like a journey's mapping (`header.NAME`, `query.NAME`,
// `payload.PATH`, in the order of `CustomAction::variables`), plus `path` for the
// dynamic path of an action that has one (Rust appends it to the URL as it is); a data
// source group's by parameter name. A value left out is left out of the request, as when a journey leaves
// an optional parameter unmapped (engine/src/requests.rs).
import type { FieldKind } from "../bindings/FieldKind";
import type { ActionDraft } from "./actionDraft";
import type { GroupDraft } from "./dataSourceDraft";
import { kindLabel } from "./fieldKinds";
import { describeJsonError, parseJson } from "./json";

export type TestSlot = {
  key: string;
  type: FieldKind;
  /** Empty means "leave it out of the request". */
  optional: boolean;
  nullable: boolean;
  /** Words for the input: the variable's label, or its key. */
  label: string;
  /** The value the input starts with (the example's, for a payload leaf). */
  example: unknown;
  /** Words under the input instead of the type's; the dynamic path's. */
  hint?: string;
};

/** The key of the dynamic path in a test request's values: Rust reads `values.path`. */
export const DYNAMIC_PATH_KEY = "path";

/** The dynamic path's input: text appended to the URL; empty calls the URL as written. */
export const DYNAMIC_PATH_SLOT: TestSlot = {
  key: DYNAMIC_PATH_KEY,
  type: "string",
  optional: true,
  nullable: false,
  label: "Dynamic path",
  example: undefined,
  hint: "Appended to the URL as it is, e.g. /customers/42 (as a journey's path expression would). Left out when empty: the URL is called as written.",
};

/** Keeps the first slot of each key: a repeated name is one value in the request. */
function firstOfEachKey(slots: TestSlot[]): TestSlot[] {
  const seen = new Set<string>();
  return slots.filter((s) => {
    if (seen.has(s.key)) return false;
    seen.add(s.key);
    return true;
  });
}

/**
 * The inputs of an action's test request as the form holds it: the dynamic path first
 * when the action has one, then its variable parameters (blank names left out).
 */
export function actionTestSlots(d: Pick<ActionDraft, "dynamicPath" | "headers" | "query" | "payload">): TestSlot[] {
  const named = (prefix: string) => (p: ActionDraft["headers"][number]) =>
    p.mode === "variable" && p.name !== ""
      ? [{ key: `${prefix}.${p.name}`, ...p.variable, label: p.variable.label || p.name, example: undefined }]
      : [];
  const payload = d.payload.flatMap((r) =>
    r.mode === "variable" ? [{ key: `payload.${r.path}`, ...r.variable, label: r.variable.label || r.path, example: r.constant }] : [],
  );
  const path = d.dynamicPath ? [DYNAMIC_PATH_SLOT] : [];
  return firstOfEachKey([...path, ...d.headers.flatMap(named("header")), ...d.query.flatMap(named("query")), ...payload]);
}

/** One slot per named parameter of the group; any of them may be left out. */
export function groupTestSlots(g: Pick<GroupDraft, "parameters">): TestSlot[] {
  return firstOfEachKey(
    g.parameters
      .filter((p) => p.name !== "")
      .map((p) => ({ key: p.name, type: p.type, optional: true, nullable: false, label: p.name, example: undefined })),
  );
}

/** The text an input starts with: strings as they are, other values as JSON. */
export function prefillText(example: unknown): string {
  if (example === undefined) return "";
  return typeof example === "string" ? example : JSON.stringify(example);
}

const STRINGS: ReadonlySet<FieldKind> = new Set(["string", "date", "datetime"]);

export type TestValue = { kind: "omit" } | { kind: "value"; value: unknown } | { kind: "error"; message: string };

/**
 * Reads one input. Text types take the text as it is; the others are read as JSON of
 * their type (`null` only where null is allowed). Empty is left out when optional.
 */
export function readTestValue(slot: Pick<TestSlot, "type" | "optional" | "nullable">, text: string): TestValue {
  const { type, optional, nullable } = slot;
  if (text === "" && optional) return { kind: "omit" };
  if (STRINGS.has(type)) return { kind: "value", value: text };
  if (text.trim() === "") return { kind: "error", message: `Enter a value (${kindLabel(type)})` };
  if (text.trim() === "null") {
    return nullable ? { kind: "value", value: null } : { kind: "error", message: "null is not allowed here" };
  }
  switch (type) {
    case "integer":
      return /^\s*-?\d+\s*$/.test(text) ? { kind: "value", value: Number(text) } : { kind: "error", message: "Enter a whole number" };
    case "number": {
      const n = Number(text);
      return Number.isFinite(n) ? { kind: "value", value: n } : { kind: "error", message: "Enter a number" };
    }
    case "boolean":
      return text.trim() === "true" || text.trim() === "false"
        ? { kind: "value", value: text.trim() === "true" }
        : { kind: "error", message: "Enter true or false" };
    default: {
      const parsed = parseJson(text);
      if (!parsed.ok) return { kind: "error", message: describeJsonError(parsed) };
      const isArray = Array.isArray(parsed.value);
      const fits = type === "array" ? isArray : typeof parsed.value === "object" && parsed.value !== null && !isArray;
      return fits ? { kind: "value", value: parsed.value } : { kind: "error", message: `Enter a JSON ${type}` };
    }
  }
}

export type TestValues = { ok: true; values: Record<string, unknown> } | { ok: false; problems: Map<string, string> };

/** The text of a slot's input: what was typed, else the prefill. */
export function slotText(slot: TestSlot, texts: ReadonlyMap<string, string>): string {
  return texts.get(slot.key) ?? prefillText(slot.example);
}

/** The values to send, or the problems by slot key. `texts` holds what was typed, by key. */
export function readTestValues(slots: readonly TestSlot[], texts: ReadonlyMap<string, string>): TestValues {
  const values: Record<string, unknown> = {};
  const problems = new Map<string, string>();
  for (const slot of slots) {
    const read = readTestValue(slot, slotText(slot, texts));
    // defineProperty: a key such as `payload.__proto__` must stay a key.
    if (read.kind === "value") Object.defineProperty(values, slot.key, { value: read.value, enumerable: true, writable: true, configurable: true });
    if (read.kind === "error") problems.set(slot.key, read.message);
  }
  return problems.size > 0 ? { ok: false, problems } : { ok: true, values };
}

/** `http_200` → "HTTP 200"; the other statuses Rust reports, in words; any other text as it is. */
export function describeStatus(status: string): string {
  const http = /^http_(\d{3})$/.exec(status);
  if (http) return `HTTP ${http[1]}`;
  switch (status) {
    case "timedout":
      return "Timed out";
    case "capped":
      return "Not sent: over the calls-per-second cap";
    case "internalError":
      return "Not sent: internal error";
    default:
      return status;
  }
}

/**
 * The body for display: JSON pretty-printed, a text body (not JSON) as it is, and
 * nothing for null (Rust reads an empty body as null).
 */
export function formatBody(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  return JSON.stringify(body, null, 2);
}
