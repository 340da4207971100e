// Edits an event's payload fields as a tree: add, add inside an object, rename, type,
// element type for arrays, required, remove. Every edit goes through the pure functions
// of fieldTree.ts (via `edits`); problems come from Rust, placed by path.
import { useId } from "react";

import type { FieldKind } from "../bindings/FieldKind";
import { FIELD_KINDS, kindLabel } from "./fieldKinds";
import { diagnosticPath, displayPath, holdsChildren, type FieldNode, type TreePath } from "./fieldTree";
import { controlProps, MessageList, useMessages } from "./Messages";
import { Options } from "./RowParts";

export type FieldEdits = {
  add: (parent: TreePath) => void;
  rename: (at: TreePath, name: string) => void;
  setType: (at: TreePath, type: FieldKind) => void;
  setItems: (at: TreePath, items: FieldKind) => void;
  setRequired: (at: TreePath, required: boolean) => void;
  remove: (at: TreePath) => void;
};

type TreeProps = { nodes: FieldNode[]; focusKey: string | null; edits: FieldEdits };

export function FieldTreeEditor({ nodes, focusKey, edits }: TreeProps) {
  return (
    <div className="cfg-tree">
      {nodes.length === 0 ? (
        <p className="cfg-empty">No fields yet. Add the fields the payload carries.</p>
      ) : (
        <FieldList root={nodes} nodes={nodes} parent={[]} focusKey={focusKey} edits={edits} />
      )}
      <button type="button" className="button" data-testid="add-field" onClick={() => edits.add([])}>
        Add field
      </button>
    </div>
  );
}

function FieldList({ root, nodes, parent, focusKey, edits }: TreeProps & { root: FieldNode[]; parent: TreePath }) {
  return (
    <ul className="cfg-tree-list">
      {nodes.map((node, i) => (
        <FieldItem key={node.key} root={root} node={node} at={[...parent, i]} focusKey={focusKey} edits={edits} />
      ))}
    </ul>
  );
}

function FieldItem({
  root,
  node,
  at,
  focusKey,
  edits,
}: Omit<TreeProps, "nodes"> & { root: FieldNode[]; node: FieldNode; at: TreePath }) {
  const base = diagnosticPath(at);
  const label = displayPath(root, at);
  const name = useMessages(`${base}.name`);
  const items = useMessages(`${base}.items`);
  const children = useMessages(`${base}.fields`);
  const nameId = useId();
  const itemsId = useId();
  return (
    <li data-testid="field-row" data-path={base} data-name={node.name}>
      <div className="cfg-tree-row" role="group" aria-label={`Field ${label}`}>
        <input
          {...controlProps(nameId, name)}
          className="cfg-input cfg-tree-name"
          aria-label={`Name of field ${label}`}
          placeholder="field name"
          value={node.name}
          autoComplete="off"
          spellCheck={false}
          // The field the user just added takes the focus, ready to be named.
          autoFocus={node.key === focusKey}
          data-testid="field-name"
          onChange={(e) => edits.rename(at, e.target.value)}
        />
        <select
          className="cfg-input"
          aria-label={`Type of field ${label}`}
          value={node.type}
          data-testid="field-type"
          onChange={(e) => edits.setType(at, e.target.value as FieldKind)}
        >
          <Options values={FIELD_KINDS} label={kindLabel} />
        </select>
        {node.type === "array" && (
          <select
            {...controlProps(itemsId, items)}
            className="cfg-input"
            aria-label={`Element type of array ${label}`}
            value={node.items ?? ""}
            data-testid="field-items"
            onChange={(e) => edits.setItems(at, e.target.value as FieldKind)}
          >
            {node.items === undefined && <option value="">element type…</option>}
            <Options values={FIELD_KINDS} label={(k) => `of ${kindLabel(k)}`} />
          </select>
        )}
        <label className="cfg-checkbox">
          <input
            type="checkbox"
            checked={node.required}
            data-testid="field-required"
            aria-label={`Field ${label} is required`}
            onChange={(e) => edits.setRequired(at, e.target.checked)}
          />
          Required
        </label>
        {holdsChildren(node) && (
          <button
            type="button"
            className="button"
            data-testid="field-add-child"
            aria-label={`Add a field inside ${label}`}
            onClick={() => edits.add(at)}
          >
            Add nested field
          </button>
        )}
        <button
          type="button"
          className="button cfg-quiet"
          data-testid="field-remove"
          aria-label={`Remove field ${label}`}
          onClick={() => edits.remove(at)}
        >
          Remove
        </button>
      </div>
      <MessageList m={name} />
      <MessageList m={items} />
      <MessageList m={children} />
      {node.children.length > 0 && (
        <FieldList root={root} nodes={node.children} parent={at} focusKey={focusKey} edits={edits} />
      )}
    </li>
  );
}
