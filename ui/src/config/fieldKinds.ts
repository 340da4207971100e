// The field types offered by the forms' type selects. Keyed by the generated FieldKind
// union, so the compiler flags this table when the Rust enum gains or loses a kind.
import type { FieldKind } from "../bindings/FieldKind";

const KIND_LABELS: Record<FieldKind, string> = {
  string: "string",
  integer: "integer",
  number: "number",
  boolean: "boolean",
  datetime: "date-time",
  date: "date",
  object: "object",
  array: "array",
};

export const FIELD_KINDS = Object.keys(KIND_LABELS) as FieldKind[];

export function kindLabel(kind: FieldKind): string {
  return KIND_LABELS[kind];
}

/** Objects and arrays hold other values; every other kind is a single value. */
export function isScalar(kind: FieldKind): boolean {
  return kind !== "object" && kind !== "array";
}
