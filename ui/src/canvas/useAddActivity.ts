// Adds a palette activity where the user put it: under the pointer after a drop, or at
// the centre of the visible canvas after a click or Enter (the keyboard way); when that
// spot is taken, at the nearest free one in view.
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback, useMemo } from "react";

import type { ActivityKind } from "./mapping";
import { NODE_HEIGHT, NODE_WIDTH } from "./mapping";
import type { Area } from "../designer/activities";
import { useCatalog, useDesignerStore } from "../designer/DesignerContext";

export function useAddActivity() {
  const { screenToFlowPosition, setCenter, getZoom } = useReactFlow();
  const flow = useStoreApi();
  const store = useDesignerStore();
  const catalog = useCatalog();
  const names = useMemo(
    () => ({ events: catalog.events.map((e) => e.name), actions: catalog.actions.map((a) => a.name) }),
    [catalog],
  );

  /** The part of the canvas the pane shows, in flow coordinates. */
  const visibleArea = useCallback((): Area | undefined => {
    const rect = flow.getState().domNode?.getBoundingClientRect();
    if (!rect) return undefined;
    const topLeft = screenToFlowPosition({ x: rect.left, y: rect.top });
    const bottomRight = screenToFlowPosition({ x: rect.right, y: rect.bottom });
    return { x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y };
  }, [flow, screenToFlowPosition]);

  const addAt = useCallback(
    (kind: ActivityKind, client: { x: number; y: number }) => {
      const p = screenToFlowPosition(client);
      const area = visibleArea();
      const at = { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 };
      const id = store.getState().addNode(kind, at, names, area);
      // Placed in view when the view has room; when it has none the activity goes
      // below the others, and the view follows it so it is seen (and its inspector).
      // One dropped where the user let go stays there, the view too.
      const placed = id === null ? undefined : store.getState().nodes.find((n) => n.id === id);
      const moved = placed !== undefined && (placed.position.x !== at.x || placed.position.y !== at.y);
      if (placed && area && moved) {
        const { x, y } = placed.position;
        const seen = x >= area.x && y >= area.y && x + NODE_WIDTH <= area.x + area.width && y + NODE_HEIGHT <= area.y + area.height;
        if (!seen) void setCenter(x + NODE_WIDTH / 2, y + NODE_HEIGHT / 2, { zoom: getZoom() });
      }
      return id;
    },
    [screenToFlowPosition, visibleArea, store, names, setCenter, getZoom],
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
