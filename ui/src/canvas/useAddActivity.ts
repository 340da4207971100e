// Adds a palette activity where the user put it: under the pointer after a drop, or at
// the centre of the visible canvas after a click or Enter (the keyboard way).
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback, useMemo } from "react";

import type { ActivityKind } from "./mapping";
import { NODE_HEIGHT, NODE_WIDTH } from "./mapping";
import { useCatalog, useDesignerStore } from "../designer/DesignerContext";

export function useAddActivity() {
  const { screenToFlowPosition } = useReactFlow();
  const flow = useStoreApi();
  const store = useDesignerStore();
  const catalog = useCatalog();
  const names = useMemo(
    () => ({ events: catalog.events.map((e) => e.name), actions: catalog.actions.map((a) => a.name) }),
    [catalog],
  );

  const addAt = useCallback(
    (kind: ActivityKind, client: { x: number; y: number }) => {
      const p = screenToFlowPosition(client);
      return store.getState().addNode(kind, { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 }, names);
    },
    [screenToFlowPosition, store, names],
  );

  const addAtCentre = useCallback(
    (kind: ActivityKind) => {
      const rect = flow.getState().domNode?.getBoundingClientRect();
      if (!rect) return null;
      return addAt(kind, { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
    },
    [flow, addAt],
  );

  return { addAt, addAtCentre };
}
