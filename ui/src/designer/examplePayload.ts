// An example payload built from an event's field tree, to pre-fill the test panel. It
// follows Rust's `field::example_payload` (a field's own `example` wins, arrays hold one
// element, objects nest) with the simple defaults the designer's test form uses.
import type { Field } from "../bindings/Field";
import type { FieldKind } from "../bindings/FieldKind";

/** Fixed rather than "now", so a test run is reproducible and matches the default run time. */
export const EXAMPLE_DATETIME = "2026-01-05T09:00:00Z";
const EXAMPLE_DATE = "2026-01-05";

function scalarExample(kind: FieldKind): unknown {
  switch (kind) {
    case "string":
      return "text";
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return true;
    case "datetime":
      return EXAMPLE_DATETIME;
    case "date":
      return EXAMPLE_DATE;
    case "object":
    case "array":
      return null;
  }
}

function fieldExample(field: Field): unknown {
  // Rust reads `"example": null` as no example; so does this.
  if (field.example !== undefined && field.example !== null) return field.example;
  const elementKind = field.type === "array" ? (field.items ?? "string") : field.type;
  const element = elementKind === "object" ? examplePayload(field.fields ?? []) : scalarExample(elementKind);
  return field.type === "array" ? [element] : element;
}

/** A JSON object with every field of the tree filled in. */
export function examplePayload(fields: readonly Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, fieldExample(f)]));
}
