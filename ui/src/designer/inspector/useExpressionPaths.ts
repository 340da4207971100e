// The fields an expression may read at a node, grouped for the field picker, as Rust
// answers it (`journey_help`: the entry event, reactions' events and actions upstream,
// data lookups, the journey, the clock), each with the checker's type. Until Rust's
// first answer arrives, a guess from the canvas (the entry event, every action) stands in.
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";

import type { ScopeField } from "../../bindings/ScopeField";
import { useCatalog, useDesigner } from "../DesignerContext";
import { actionPaths, eventFieldPaths } from "../fieldPaths";
import { actionNames, entryEvent } from "../selectors";
import type { DesignerState } from "../store";
import { useJourneyHelpAnswer } from "../useJourneyHelp";

/** A group of the field picker; `types` gives each path's type when Rust gave them. */
export type PathGroup = { label: string; paths: string[]; types?: Readonly<Record<string, string>> };

/** Rust's fields in their groups, in Rust's order. */
export function groupFields(fields: readonly ScopeField[]): PathGroup[] {
  const groups = new Map<string, { paths: string[]; types: Record<string, string> }>();
  for (const f of fields) {
    let g = groups.get(f.group);
    if (!g) groups.set(f.group, (g = { paths: [], types: {} }));
    g.paths.push(f.path);
    g.types[f.path] = f.ty;
  }
  return [...groups].map(([label, g]) => ({ label, ...g }));
}

function entryNode(s: DesignerState): string | undefined {
  return s.nodes.find((n) => n.activity.type === "entry")?.id;
}

/** The one selected node, else the entry node. */
function scopeNode(s: DesignerState): string | undefined {
  return s.selection.nodes.length === 1 ? s.selection.nodes[0] : entryNode(s);
}

function useGuessedPaths(enabled: boolean): PathGroup[] {
  const catalog = useCatalog();
  const event = useDesigner(entryEvent);
  const actions = useDesigner(useShallow(actionNames));
  return useMemo(() => {
    if (!enabled) return [];
    const groups: PathGroup[] = [];
    const definition = catalog.events.find((e) => e.name === event);
    if (definition) groups.push({ label: `Entry event ${definition.name}`, paths: eventFieldPaths(definition.fields) });
    for (const name of actions) {
      const action = catalog.actions.find((a) => a.name === name);
      if (action) groups.push({ label: `Action ${name}`, paths: actionPaths(action) });
    }
    return groups;
  }, [enabled, catalog, event, actions]);
}

const NO_GROUPS: PathGroup[] = [];

/** The picker's groups at `nodeId` (default: the selected node). */
export function useExpressionPaths(nodeId?: string): PathGroup[] {
  const help = useJourneyHelpAnswer();
  const selected = useDesigner(scopeNode);
  const node = nodeId ?? selected;
  const scope = help?.nodes.find((n) => n.node === node);
  const guess = useGuessedPaths(help === null);
  const fields = scope?.fields;
  const answered = useMemo(() => (fields ? groupFields(fields) : NO_GROUPS), [fields]);
  // A node Rust has not seen yet (just added) gets its answer a moment later.
  return help === null ? guess : answered;
}

/** What an expression outside any activity reads (data lookups' parameters): Rust checks them in the entry's scope. */
export function useEntryPaths(): PathGroup[] {
  return useExpressionPaths(useDesigner(entryNode));
}
