// The fields an expression may read, grouped for the field picker: the entry event's
// payload and the responses of the actions placed on the canvas. Recomputed only when
// the entry event or the set of actions changes, not on every keystroke.
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";

import { useCatalog, useDesigner } from "../DesignerContext";
import { actionPaths, eventFieldPaths } from "../fieldPaths";
import { actionNames, entryEvent } from "../selectors";

export type PathGroup = { label: string; paths: string[] };

export function useExpressionPaths(): PathGroup[] {
  const catalog = useCatalog();
  const event = useDesigner(entryEvent);
  const actions = useDesigner(useShallow(actionNames));
  return useMemo(() => {
    const groups: PathGroup[] = [];
    const definition = catalog.events.find((e) => e.name === event);
    if (definition) groups.push({ label: `Entry event ${definition.name}`, paths: eventFieldPaths(definition.fields) });
    for (const name of actions) {
      const action = catalog.actions.find((a) => a.name === name);
      if (action) groups.push({ label: `Action ${name}`, paths: actionPaths(action) });
    }
    return groups;
  }, [catalog, event, actions]);
}
