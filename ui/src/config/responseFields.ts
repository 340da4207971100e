// The fields a data source's field group offers, derived from its response example. Rust
// stores only the example (FieldGroup::response_example) and derives the fields when it
// needs them (`FieldGroup::response_fields` → `fields_from_example` in field.rs); the form
// derives them the same way to show what journeys can read as `data.SOURCE.GROUP.field`.
import type { Field } from "../bindings/Field";
import type { FieldKind } from "../bindings/FieldKind";
import { kindLabel } from "./fieldKinds";
import { inferKind } from "./payloadParams";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * One field per key of an object example, in the example's order; nothing for any other
 * root. An array names the type of its first element (string when empty) and, for an
 * array of objects, that element's fields. Written as Rust serializes a Field (false and
 * empty left out).
 */
export function fieldsFromExample(example: unknown): Field[] {
  if (!isObject(example)) return [];
  return Object.entries(example).map(([name, value]) => fieldFromValue(name, value));
}

function fieldFromValue(name: string, value: unknown): Field {
  const type = inferKind(value);
  if (type === "object") {
    const fields = fieldsFromExample(value);
    return fields.length > 0 ? { name, type, fields } : { name, type };
  }
  if (type === "array") {
    const first = (value as unknown[]).length > 0 ? (value as unknown[])[0] : null;
    const fields = fieldsFromExample(first);
    return { name, type, items: inferKind(first), ...(fields.length > 0 ? { fields } : {}) };
  }
  return { name, type };
}

/** A derived field as a row: `customer.address.city`, `orders[].sku`. */
export type FieldRow = { path: string; depth: number; type: FieldKind; label: string };

/** The fields depth first, each with its dotted path (`[]` marks the elements of an array). */
export function fieldRows(fields: readonly Field[], prefix = "", depth = 0): FieldRow[] {
  return fields.flatMap((f) => {
    const path = prefix + f.name;
    const label = f.type === "array" ? `array of ${kindLabel(f.items ?? "string")}` : kindLabel(f.type);
    const childPrefix = f.type === "array" ? `${path}[].` : `${path}.`;
    return [{ path, depth, type: f.type, label }, ...fieldRows(f.fields ?? [], childPrefix, depth + 1)];
  });
}

/** Names written as `{name}` in a group's path, like `FieldGroup::path_parameters`. */
export function pathParameters(path: string): string[] {
  return path
    .split("{")
    .slice(1)
    .flatMap((rest) => {
      const end = rest.indexOf("}");
      return end < 0 ? [] : [rest.slice(0, end)];
    });
}
