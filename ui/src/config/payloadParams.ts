// Parameters of a custom action (headers, query parameters, payload leaves) as the form
// holds them. Each keeps both its constant value and its variable settings, so switching
// a row between constant and variable and back loses nothing. Payload rows come from a
// pasted example, one per leaf, like `CustomAction::payload_from_example` in
// crates/model/src/action.rs; the user's choices are remembered by path so pasting a
// new example keeps them.
import type { FieldKind } from "../bindings/FieldKind";
import type { ParamValue } from "../bindings/ParamValue";
import type { PayloadField } from "../bindings/PayloadField";

export type Mode = "constant" | "variable";
export type VariableSpec = Omit<Extract<ParamValue, { kind: "variable" }>, "kind">;
/**
 * A parameter as the form holds it. `notSecret` marks a constant named like a credential
 * that is not one (a token type, a public key id), so validation lets it be.
 */
export type ParamSlot = { mode: Mode; constant: unknown; variable: VariableSpec; notSecret: boolean };
export type PayloadRow = ParamSlot & { path: string };
/** What the user decided for a payload leaf; the constant always comes from the example. */
export type ParamChoice = Pick<ParamSlot, "mode" | "variable"> & { notSecret?: boolean };

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The type a variable defaults to for an example value, as `kind_of` in field.rs reads
 * examples. Only a starting point: the user picks the type.
 */
export function inferKind(value: unknown): FieldKind {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string") {
    if (RFC3339.test(value)) return "datetime";
    if (ISO_DATE.test(value)) return "date";
    return "string";
  }
  if (Array.isArray(value)) return "array";
  if (typeof value === "object" && value !== null) return "object";
  return "string";
}

export function defaultVariable(example: unknown): VariableSpec {
  return { label: "", type: inferKind(example), optional: false, nullable: false };
}

export function toParamValue(slot: ParamSlot): ParamValue {
  return slot.mode === "constant" ? { kind: "constant", value: slot.constant } : { kind: "variable", ...slot.variable };
}

/** `notSecret: true` for a constant marked so; nothing otherwise (the field is optional). */
export function notSecretOf(slot: ParamSlot): { notSecret?: true } {
  return slot.mode === "constant" && slot.notSecret ? { notSecret: true } : {};
}

/** A saved value as a slot; `example` stands in for the side the saved value does not have. */
export function fromParamValue(value: ParamValue, example: unknown, notSecret = false): ParamSlot {
  if (value.kind === "constant") {
    return { mode: "constant", constant: value.value, variable: defaultVariable(value.value), notSecret };
  }
  const { label, type, optional, nullable } = value;
  return { mode: "variable", constant: example, variable: { label, type, optional, nullable }, notSecret };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * One constant row per leaf of the example, in the example's order. Non-empty objects
 * are walked; anything else (scalars, null, arrays, `{}`) is a leaf. A root that is not
 * an object has no leaves.
 */
export function deriveRows(example: unknown, prefix = ""): PayloadRow[] {
  if (isObject(example) && Object.keys(example).length > 0) {
    return Object.entries(example).flatMap(([k, v]) => deriveRows(v, prefix === "" ? k : `${prefix}.${k}`));
  }
  if (prefix === "") return [];
  return [{ path: prefix, mode: "constant", constant: example, variable: defaultVariable(example), notSecret: false }];
}

/** Rows with the remembered choices applied to the paths that still exist. */
export function applyChoices(rows: readonly PayloadRow[], choices: ReadonlyMap<string, ParamChoice>): PayloadRow[] {
  return rows.map((row) => {
    const choice = choices.get(row.path);
    return choice ? { ...row, mode: choice.mode, variable: { ...choice.variable }, notSecret: choice.notSecret ?? false } : row;
  });
}

/** The value at a dotted path of an example (undefined when absent). */
export function valueAt(example: unknown, path: string): unknown {
  let v: unknown = example;
  for (const key of path.split(".")) {
    if (!isObject(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

/** Rows of a saved action; a variable row's constant side comes from the example. */
export function rowsFromPayload(payload: readonly PayloadField[], example: unknown): PayloadRow[] {
  return payload.map((p) => ({ path: p.path, ...fromParamValue(p.value, valueAt(example, p.path), p.notSecret ?? false) }));
}

/** The choices a saved action already made: its variable rows and its constants marked not secret. */
export function choicesOf(rows: readonly PayloadRow[]): Map<string, ParamChoice> {
  return new Map(
    rows.filter((r) => r.mode === "variable" || r.notSecret).map((r) => [r.path, { mode: r.mode, variable: r.variable, notSecret: r.notSecret }]),
  );
}

export function toPayload(rows: readonly PayloadRow[]): PayloadField[] {
  return rows.map((r) => ({ path: r.path, value: toParamValue(r), ...notSecretOf(r) }));
}
