// Adds a palette activity where the user put it: under the pointer after a drop, or at
// the centre of the visible canvas after a click or Enter (the keyboard way).
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback, useMemo } from "react";

import type { ActivityKind } from "./mapping";
import { NODE_HEIGHT, NODE_WIDTH } from "./mapping";
import { useCatalog, useDesignerStore } from "../designer/DesignerContext";

export function useAddActivity() {
  const { screenToFlowPosition, flowToScreenPosition, setCenter, getZoom } = useReactFlow();
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
      const id = addAt(kind, { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
      // Added below the ones already at the centre, it may land out of view: the view
      // follows it, so each click's activity is seen (and its inspector makes sense).
      const placed = id === null ? undefined : store.getState().nodes.find((n) => n.id === id);
      if (placed) {
        const topLeft = flowToScreenPosition(placed.position);
        const bottomRight = flowToScreenPosition({ x: placed.position.x + NODE_WIDTH, y: placed.position.y + NODE_HEIGHT });
        const inView = topLeft.x >= rect.left && topLeft.y >= rect.top && bottomRight.x <= rect.right && bottomRight.y <= rect.bottom;
        if (!inView) void setCenter(placed.position.x + NODE_WIDTH / 2, placed.position.y + NODE_HEIGHT / 2, { zoom: getZoom() });
      }
      return id;
    },
    [flow, addAt, store, flowToScreenPosition, setCenter, getZoom],
  );

  return { addAt, addAtCentre };
}
