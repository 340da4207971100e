// The test event form's pure side. The payload (a JSON object) is the one source of
// truth: the form is a view of it, addressed by JSON paths, and every input writes back
// into it, so the form and the JSON view can never disagree. Paths are the JSON
// Pointers (RFC 6901) Rust names in a refused payload (`/cart/items/0/quantity`).
import type { Field } from "../../bindings/Field";
import type { FieldKind } from "../../bindings/FieldKind";
import { examplePayload } from "../../config/fieldTree";
import { describeJsonError, parseJson } from "../../config/json";
import { fromUtcInput, toUtcInput } from "../utcInput";

export type JsonPath = readonly (string | number)[];
export type Payload = Record<string, unknown>;

export function isObject(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `/cart/items/0`, with `~` and `/` in names escaped as RFC 6901 says. */
export function toPointer(path: JsonPath): string {
  return path.map((key) => `/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

export function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const key of path) {
    if (typeof key === "number" ? !Array.isArray(value) : !isObject(value)) return undefined;
    value = Object.hasOwn(value as object, key) ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return value;
}

/**
 * A copy of `root` with `value` at `path` (undefined removes the key, or the row of a
 * list). Missing objects on the way are made; a list index past the end appends.
 */
export function withValue(root: Payload, path: JsonPath, value: unknown): Payload {
  return setIn(root, path, value) as Payload;
}

function setIn(node: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (typeof key === "number") {
    const list = Array.isArray(node) ? [...(node as unknown[])] : [];
    const next = setIn(list[key], rest, value);
    if (next === undefined && rest.length === 0) list.splice(key, 1);
    else list[Math.min(key, list.length)] = next;
    return list;
  }
  const object: Payload = isObject(node) ? { ...node } : {};
  const next = setIn(object[key], rest, value);
  // defineProperty: a field named `__proto__` must stay a key, not become the prototype.
  if (next === undefined) delete object[key];
  else Object.defineProperty(object, key, { value: next, enumerable: true, writable: true, configurable: true });
  return object;
}

/** The JSON view's text for a payload, as the panel has always shown it. */
export function payloadText(payload: Payload): string {
  return JSON.stringify(payload, null, 2);
}

export type ParsedPayload = { ok: true; payload: Payload } | { ok: false; message: string };

/** The JSON view's text read back: an object, or what is wrong and where. */
export function readPayloadText(text: string): ParsedPayload {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, message: `Invalid JSON: ${describeJsonError(parsed)}` };
  if (!isObject(parsed.value)) {
    const kind = Array.isArray(parsed.value) ? "an array" : parsed.value === null ? "null" : `a ${typeof parsed.value}`;
    return { ok: false, message: `The payload must be a JSON object, not ${kind}` };
  }
  return { ok: true, payload: parsed.value };
}

/** The kind of one value of the field: its element kind for a list. */
export function elementKind(field: Pick<Field, "type" | "items">): FieldKind {
  return field.type === "array" ? (field.items ?? "string") : field.type;
}

/** What a new row of a list holds: the example of one element, as the event's example has. */
export function newRow(field: Field): unknown {
  if (Array.isArray(field.example) && field.example.length > 0) return structuredClone(field.example[0]);
  // The element as a field of its own, so its example is the one examplePayload builds.
  const element: Field = { name: "row", type: elementKind(field), ...(field.fields ? { fields: field.fields } : {}) };
  return examplePayload({ fields: [element], recognition: { kind: "rule", condition: "" } }).row;
}

/** What the typed input of a single value shows, or null when it cannot show the value. */
export function inputText(kind: FieldKind, value: unknown): string | null {
  if (value === undefined || value === null) return "";
  switch (kind) {
    case "string":
      return typeof value === "string" ? value : null;
    case "integer":
      return Number.isInteger(value) ? String(value) : null;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? String(value) : null;
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
    case "datetime": {
      const shown = typeof value === "string" ? toUtcInput(value) : "";
      return shown === "" ? null : shown;
    }
    case "boolean":
      return typeof value === "boolean" ? String(value) : null;
    case "object":
    case "array":
      return null;
  }
}

/**
 * The value a typed input stands for: undefined for an empty input (the key is left
 * out, and Rust says when it is required). What does not read as the kind (a number
 * typed in a text box shown for a wrong value) is kept as typed, for Rust to name.
 */
export function inputValue(kind: FieldKind, text: string): unknown {
  if (text.trim() === "" && kind !== "string") return undefined;
  switch (kind) {
    case "integer":
    case "number": {
      const n = Number(text);
      return Number.isFinite(n) && (kind === "number" || Number.isInteger(n)) ? n : text;
    }
    case "datetime":
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? fromUtcInput(text) : text;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    default:
      return text;
  }
}

/** The placeholder of a text box shown for a value the typed input cannot show. */
export function kindExample(kind: FieldKind): string {
  switch (kind) {
    case "integer":
      return "42";
    case "number":
      return "9.99";
    case "datetime":
      return "2026-01-15T09:30";
    case "date":
      return "2026-01-15";
    default:
      return "";
  }
}
