// What the event ID condition may read: the event's own payload as `event`, typed as
// Rust's checker types it (`Ty::of_fields` in crates/model/src/expr/ty.rs) and listed as
// the field picker lists a scope (`scope_fields`: objects opened in name order, lists
// kept whole). Rust evaluates the condition with the payload bound to `event`
// (`Recognizer` in crates/engine/src/router.rs). Computed here because the form's event
// is unsaved and changes with every keystroke of the field tree.
import type { Field } from "../bindings/Field";
import type { FieldKind } from "../bindings/FieldKind";
import type { PathGroup } from "../designer/inspector/useExpressionPaths";

function kindType(kind: FieldKind): string {
  switch (kind) {
    case "string":
    case "date":
      return "string";
    case "integer":
      return "int";
    case "number":
      return "double";
    case "boolean":
      return "bool";
    case "datetime":
      return "timestamp";
    case "object":
      return "map(string, dyn)";
    case "array":
      return "list(dyn)";
  }
}

/** The checker's type of a field: `double`, `list(string)`, `object`… */
export function fieldType(field: Field): string {
  if (field.type === "object") return "object";
  if (field.type === "array") {
    const items = field.items ?? "string";
    return `list(${items === "object" ? "object" : kindType(items)})`;
  }
  return kindType(field.type);
}

/** `event`, then each field's path under it with its type, objects opened. */
export function eventScope(fields: readonly Field[]): { path: string; ty: string }[] {
  const out = [{ path: "event", ty: "object" }];
  const visit = (prefix: string, list: readonly Field[]) => {
    // Rust's objects are keyed maps: names in order, the last of a duplicate wins.
    const byName = new Map<string, Field>();
    for (const f of list) if (f.name !== "") byName.set(f.name, f);
    for (const name of [...byName.keys()].sort()) {
      const f = byName.get(name) as Field;
      const path = `${prefix}.${name}`;
      out.push({ path, ty: fieldType(f) });
      if (f.type === "object") visit(path, f.fields ?? []);
    }
  };
  visit("event", fields);
  return out;
}

/** The picker's one group for the event form: the payload being defined. */
export function eventScopeGroups(name: string, fields: readonly Field[]): PathGroup[] {
  const scope = eventScope(fields);
  return [
    {
      label: name.trim() === "" ? "This event" : `Event ${name.trim()}`,
      paths: scope.map((f) => f.path),
      types: Object.fromEntries(scope.map((f) => [f.path, f.ty])),
    },
  ];
}
