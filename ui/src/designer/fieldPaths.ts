// What an expression can read, for the field picker and autocomplete: the entry event's
// fields and the responses of the actions on the canvas. Also the rows of an action's
// mapping table. Suggestions only: Rust's checker decides what is in scope at a node.
import type { CustomAction } from "../bindings/CustomAction";
import type { Field } from "../bindings/Field";
import type { ParamValue } from "../bindings/ParamValue";

/** `event.email`, `event.cart`, `event.cart.total`, …; array elements are not entered. */
export function eventFieldPaths(fields: readonly Field[], prefix = "event"): string[] {
  return fields.flatMap((f) => {
    const path = `${prefix}.${f.name}`;
    return f.type === "object" ? [path, ...eventFieldPaths(f.fields ?? [], path)] : [path];
  });
}

function jsonPaths(value: unknown, prefix: string): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = `${prefix}.${key}`;
    return [path, ...jsonPaths(child, path)];
  });
}

/** `actions.NAME.ok`, `actions.NAME.status` and the fields of its response example. */
export function actionPaths(action: CustomAction): string[] {
  const base = `actions.${action.name}`;
  return [`${base}.ok`, `${base}.status`, ...jsonPaths(action.responseExample, `${base}.response`)];
}

export type MappingRow = {
  /** Mapping key as Rust names it: `payload.a.b`, `header.X`, `query.x`. */
  key: string;
  label: string;
  type: string;
  optional: boolean;
  /** False for a key the mapping holds but the action no longer declares. */
  known: boolean;
};

function variableRow(key: string, value: ParamValue): MappingRow | null {
  if (value.kind !== "variable") return null;
  return { key, label: value.label, type: value.type, optional: value.optional, known: true };
}

/** One row per variable parameter of the action, then the mapping's unknown keys. */
export function mappingRows(action: CustomAction | undefined, mapping: Readonly<Record<string, string>>): MappingRow[] {
  const rows: MappingRow[] = [];
  if (action) {
    for (const p of action.payload) {
      const row = variableRow(`payload.${p.path}`, p.value);
      if (row) rows.push(row);
    }
    for (const h of action.headers) {
      const row = variableRow(`header.${h.name}`, h.value);
      if (row) rows.push(row);
    }
    for (const q of action.query) {
      const row = variableRow(`query.${q.name}`, q.value);
      if (row) rows.push(row);
    }
  }
  const declared = new Set(rows.map((r) => r.key));
  for (const key of Object.keys(mapping)) {
    if (!declared.has(key)) rows.push({ key, label: key, type: "", optional: true, known: false });
  }
  return rows;
}
