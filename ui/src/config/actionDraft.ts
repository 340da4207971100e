// The custom action form's state and its conversion to and from the binding
// CustomAction. Text inputs (JSON examples, numbers) are kept as typed, so an invalid
// entry is never lost; reading them into the action reports shape problems by the
// path Rust would use, and Rust's own rules come back as diagnostics.
import type { CustomAction } from "../bindings/CustomAction";
import type { HttpMethod } from "../bindings/HttpMethod";
import type { ParamValue } from "../bindings/ParamValue";
import { authFromDraft, draftFromAuth, newAuthDraft, placeholderNames, type AuthDraft, type Built } from "./authDraft";
import type { ShapeProblems } from "./diagnostics";
import { describeJsonError, parseJson } from "./json";
import { U32_MAX, wholeNumber } from "./numbers";
import {
  applyChoices,
  choicesOf,
  defaultVariable,
  deriveRows,
  fromParamValue,
  notSecretOf,
  rowsFromPayload,
  toParamValue,
  toPayload,
  type ParamChoice,
  type ParamSlot,
  type PayloadRow,
} from "./payloadParams";

/** A header or query parameter row. */
export type NamedParam = ParamSlot & { key: string; name: string };

export type ActionDraft = {
  name: string;
  description: string;
  url: string;
  dynamicPath: boolean;
  method: HttpMethod;
  headers: NamedParam[];
  query: NamedParam[];
  payloadText: string;
  payload: PayloadRow[];
  /** The user's choices per payload path, kept across pasted examples. */
  choices: ReadonlyMap<string, ParamChoice>;
  responseText: string;
  timeoutMs: string;
  retries: string;
  callsPerSecond: string;
  auth: AuthDraft;
};

export function newActionDraft(): ActionDraft {
  return {
    name: "",
    description: "",
    url: "",
    dynamicPath: false,
    method: "POST",
    headers: [],
    query: [],
    payloadText: "",
    payload: [],
    choices: new Map(),
    responseText: "",
    // Rust's serde defaults (action.rs: default_timeout, default_retries, default_cap).
    timeoutMs: "30000",
    retries: "3",
    callsPerSecond: "5000",
    auth: newAuthDraft(),
  };
}

export function newParam(key: string): NamedParam {
  return { key, name: "", mode: "constant", constant: "", variable: defaultVariable(""), notSecret: false };
}

const jsonText = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2));

export function draftFromAction(action: CustomAction, newKey: () => string): ActionDraft {
  const named = (p: { name: string; value: ParamValue; notSecret?: boolean }): NamedParam => ({
    key: newKey(),
    name: p.name,
    ...fromParamValue(p.value, "", p.notSecret ?? false),
  });
  const payload = rowsFromPayload(action.payload, action.payloadExample);
  return {
    name: action.name,
    description: action.description,
    url: action.url,
    dynamicPath: action.dynamicPath,
    method: action.method,
    headers: action.headers.map(named),
    query: action.query.map(named),
    payloadText: jsonText(action.payloadExample),
    payload,
    choices: choicesOf(payload),
    responseText: jsonText(action.responseExample),
    timeoutMs: String(action.timeoutMs),
    retries: String(action.retries),
    callsPerSecond: String(action.callsPerSecond),
    auth: draftFromAuth(action.auth, newKey),
  };
}

/**
 * The draft after the payload example's text changed. Valid JSON derives the parameter
 * rows again, with the remembered choices; invalid JSON keeps the text and the rows
 * (the parse error is reported by actionFromDraft). An empty text means no payload.
 */
export function withPayloadText(d: ActionDraft, text: string): ActionDraft {
  if (text.trim() === "") return { ...d, payloadText: text, payload: [] };
  const parsed = parseJson(text);
  if (!parsed.ok) return { ...d, payloadText: text };
  return { ...d, payloadText: text, payload: applyChoices(deriveRows(parsed.value), d.choices) };
}

/** The draft after the user changed payload row `index`; the choice is remembered. */
export function withPayloadChoice(d: ActionDraft, index: number, patch: Partial<ParamChoice>): ActionDraft {
  const row = d.payload[index];
  if (!row) return d;
  const next: PayloadRow = { ...row, ...patch };
  const choices = new Map(d.choices).set(row.path, { mode: next.mode, variable: next.variable, notSecret: next.notSecret });
  return { ...d, payload: d.payload.map((r, i) => (i === index ? next : r)), choices };
}

/** An optional JSON text: empty means absent. */
function optionalJson(text: string, path: string, problems: ShapeProblems): unknown {
  if (text.trim() === "") return undefined;
  const parsed = parseJson(text);
  if (parsed.ok) return parsed.value;
  problems[path] = describeJsonError(parsed);
  return undefined;
}

export function actionFromDraft(d: ActionDraft): Built<CustomAction> {
  const problems: ShapeProblems = {};
  const payloadExample = optionalJson(d.payloadText, "payloadExample", problems);
  const responseExample = optionalJson(d.responseText, "responseExample", problems);
  const number = (path: keyof ActionDraft & string, text: string, unit: string) => {
    const r = wholeNumber(text, U32_MAX, `Enter a whole number${unit}`);
    if (r.ok) return r.value;
    problems[path] = r.message;
    return 0;
  };
  const timeoutMs = number("timeoutMs", d.timeoutMs, " of milliseconds");
  const retries = number("retries", d.retries, "");
  const callsPerSecond = number("callsPerSecond", d.callsPerSecond, " of calls per second");
  const auth = authFromDraft(d.auth);
  if (!auth.ok) Object.assign(problems, auth.problems);
  if (Object.keys(problems).length > 0 || !auth.ok) return { ok: false, problems };

  const named = (p: NamedParam) => ({ name: p.name, value: toParamValue(p), ...notSecretOf(p) });
  return {
    ok: true,
    value: {
      name: d.name,
      description: d.description,
      url: d.url,
      dynamicPath: d.dynamicPath,
      method: d.method,
      headers: d.headers.map(named),
      query: d.query.map(named),
      ...(payloadExample !== undefined ? { payloadExample } : {}),
      payload: toPayload(d.payload),
      ...(responseExample !== undefined ? { responseExample } : {}),
      auth: auth.value,
      timeoutMs,
      retries,
      callsPerSecond,
    },
  };
}

/**
 * Secrets named by `{{secret:NAME}}` in constant headers and query parameters, sorted,
 * once each: the uses Rust's `action_secret_uses` reads, sent to the action's URL.
 */
export function paramSecretNames(rows: readonly NamedParam[]): string[] {
  const texts = rows.flatMap((r) => (r.mode === "constant" && typeof r.constant === "string" ? [r.constant] : []));
  return [...new Set(texts.flatMap(placeholderNames))].sort();
}
