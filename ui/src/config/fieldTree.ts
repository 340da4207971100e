// Pure edits of an event's field tree, as the event form holds it. The form needs a
// stable React key per field (fields are renamed while typed, so names cannot be keys),
// hence FieldNode: a binding Field with a key and its children as nodes. Nodes are
// addressed by their index path, the same indices the Rust validator puts in
// diagnostic paths (`fields[1].fields[0].name`). No validation here: names, shapes and
// the profile id are checked by Rust (check_event).
import type { Event } from "../bindings/Event";
import type { Field } from "../bindings/Field";
import type { FieldKind } from "../bindings/FieldKind";
import { isScalar } from "./fieldKinds";

export type FieldNode = Omit<Field, "fields" | "required"> & {
  key: string;
  required: boolean;
  children: FieldNode[];
};

/** Index path from the root list: [1, 0] is the first child of the second field. */
export type TreePath = readonly number[];

export function toNodes(fields: readonly Field[], newKey: () => string): FieldNode[] {
  return fields.map(({ fields: children, required, ...rest }) => ({
    ...rest,
    key: newKey(),
    required: required ?? false,
    children: toNodes(children ?? [], newKey),
  }));
}

/** Back to binding Fields, in the canonical form Rust writes (false/empty left out). */
export function toFields(nodes: readonly FieldNode[]): Field[] {
  return nodes.map(({ children, required, ...node }) => {
    const field: Field & { key?: string } = {
      ...node,
      ...(required ? { required: true } : {}),
      ...(children.length > 0 ? { fields: toFields(children) } : {}),
    };
    delete field.key;
    return field;
  });
}

export function newField(key: string): FieldNode {
  return { key, name: "", type: "string", required: false, children: [] };
}

/** Returns a copy with `f` applied to the node at `at`; `f` returning null removes it. */
function mapAt(nodes: readonly FieldNode[], at: TreePath, f: (n: FieldNode) => FieldNode | null): FieldNode[] {
  const [head, ...rest] = at;
  return nodes.flatMap((node, i) => {
    if (i !== head) return [node];
    if (rest.length === 0) {
      const next = f(node);
      return next ? [next] : [];
    }
    return [{ ...node, children: mapAt(node.children, rest, f) }];
  });
}

/** Appends `node` to the root list (parent []) or to the children of `parent`. */
export function addField(nodes: readonly FieldNode[], parent: TreePath, node: FieldNode): FieldNode[] {
  if (parent.length === 0) return [...nodes, node];
  return mapAt(nodes, parent, (p) => ({ ...p, children: [...p.children, node] }));
}

export function updateField(
  nodes: readonly FieldNode[],
  at: TreePath,
  patch: Partial<Pick<FieldNode, "name" | "required" | "items">>,
): FieldNode[] {
  return mapAt(nodes, at, (n) => ({ ...n, ...patch }));
}

/**
 * Changes a field's type. `items` (the element type) only means something for an array,
 * and its select is only shown for arrays, so it is set to a default when the field
 * becomes an array and dropped otherwise. Children are kept whatever the type, so a
 * mistaken switch loses nothing; Rust reports children on a non-object.
 */
export function setFieldType(nodes: readonly FieldNode[], at: TreePath, type: FieldKind): FieldNode[] {
  return mapAt(nodes, at, ({ items, ...n }) =>
    type === "array" ? { ...n, type, items: items ?? "string" } : { ...n, type },
  );
}

export function removeField(nodes: readonly FieldNode[], at: TreePath): FieldNode[] {
  return mapAt(nodes, at, () => null);
}

/** Whether children can be added: an object, or an array of objects. */
export function holdsChildren(node: Pick<FieldNode, "type" | "items">): boolean {
  return node.type === "object" || (node.type === "array" && node.items === "object");
}

/** Dotted name path (`customer.id`) of the node at `at`, as profile ids are written. */
export function namePath(nodes: readonly FieldNode[], at: TreePath): string {
  const names: string[] = [];
  let level: readonly FieldNode[] = nodes;
  for (const i of at) {
    const node = level[i];
    if (!node) break;
    names.push(node.name);
    level = node.children;
  }
  return names.join(".");
}

/** The diagnostic path of the node at `at`, as validate/config.rs builds it. */
export function diagnosticPath(at: TreePath): string {
  return at.map((i) => `fields[${i}]`).join(".");
}

/**
 * Dotted paths of the named single-value fields, the candidates for a profile id.
 * Children of arrays are left out: an array holds many values, not one person's id.
 */
export function leafPaths(fields: readonly Field[], prefix = ""): string[] {
  return fields.flatMap((f) => {
    if (f.name === "") return [];
    const path = prefix + f.name;
    if (isScalar(f.type)) return [path];
    return f.type === "object" ? leafPaths(f.fields ?? [], `${path}.`) : [];
  });
}

/**
 * After a rename from `oldPath` to `newPath`, the reference (profile id, event id field)
 * that named the renamed field or one of its descendants follows it.
 */
export function renameReference(reference: string, oldPath: string, newPath: string): string {
  if (oldPath === "" || oldPath.split(".").includes("")) return reference;
  if (reference === oldPath) return newPath;
  if (reference.startsWith(`${oldPath}.`)) return newPath + reference.slice(oldPath.length);
  return reference;
}

// The example payload mirrors `Event::example_payload` in crates/model/src/event.rs and
// `scalar_example` in field.rs value for value, so the payload copied here is the one
// the CLI and the bundle schema describe.
function scalarExample(kind: FieldKind): unknown {
  switch (kind) {
    case "string":
      return "text";
    case "integer":
      return 1;
    case "number":
      return 9.99;
    case "boolean":
      return true;
    case "datetime":
      return "2026-01-15T09:30:00Z";
    case "date":
      return "2026-01-15";
    case "object":
    case "array":
      return null;
  }
}

function fieldExample(field: Field): unknown {
  if (field.example !== undefined) return field.example;
  const elementKind = field.type === "array" ? (field.items ?? "string") : field.type;
  const element = elementKind === "object" ? fieldsExample(field.fields ?? []) : scalarExample(elementKind);
  return field.type === "array" ? [element] : element;
}

function fieldsExample(fields: readonly Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // defineProperty: a field named `__proto__` must become a key, not the prototype.
  for (const f of fields) Object.defineProperty(out, f.name, { value: fieldExample(f), enumerable: true, writable: true, configurable: true });
  return out;
}

/** A payload with every field filled in, the event id where the sender must put it. */
export function examplePayload(event: Pick<Event, "fields" | "recognition">): Record<string, unknown> {
  const payload = fieldsExample(event.fields);
  const recognition = event.recognition;
  if (recognition.kind === "systemId") {
    const keys = recognition.field.split(".");
    const last = keys.pop() as string;
    let slot: unknown = payload;
    for (const k of keys) slot = isPlainObject(slot) && Object.hasOwn(slot, k) ? slot[k] : undefined;
    if (isPlainObject(slot) && Object.hasOwn(slot, last)) slot[last] = recognition.id;
  }
  return payload;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Splits a normalized diagnostic path into the field it is about and the rest. */
export function splitFieldPath(path: string): { at: number[]; rest: string } | null {
  const m = /^((?:fields\.\d+\.?)+)(.*)$/.exec(path);
  if (!m) return null;
  const at = [...m[1].matchAll(/fields\.(\d+)/g)].map((x) => Number(x[1]));
  return { at, rest: m[2] };
}

/** The dotted name of the node at `at` for people, "(unnamed)" standing in for blanks. */
export function displayPath(nodes: readonly FieldNode[], at: TreePath): string {
  return namePath(nodes, at)
    .split(".")
    .map((n) => n || "(unnamed)")
    .join(".");
}
