// Draws a large journey on one canvas while it is zoomed out past FAR_ZOOM, in place of
// React Flow's DOM nodes and SVG edges (hidden meanwhile; see FlowPane). Redrawn on each
// viewport change through the React Flow store, outside React, once per animation frame.
import { useStoreApi, type ReactFlowState } from "@xyflow/react";
import { useEffect, useRef } from "react";

import { drawFarScene, readFarColors, type FarColors } from "./farDraw";
import type { FarScene } from "./farScene";

type Frame = Pick<ReactFlowState, "transform" | "width" | "height">;

export function FarView({ scene }: { scene: FarScene }) {
  const flow = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  const colors = useRef<FarColors | null>(null);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    colors.current ??= readFarColors(el.parentElement ?? document.body);
    let pending = 0;
    const draw = ({ transform: [x, y, zoom], width, height }: Frame) => {
      pending = 0;
      const ratio = window.devicePixelRatio || 1;
      const w = Math.round(width * ratio);
      const h = Math.round(height * ratio);
      if (el.width !== w || el.height !== h) {
        el.width = w;
        el.height = h;
      }
      drawFarScene(ctx, scene, { x, y, zoom, width, height }, colors.current!, ratio);
    };
    draw(flow.getState());
    const unsubscribe = flow.subscribe((s, previous) => {
      if (s.transform === previous.transform && s.width === previous.width && s.height === previous.height) return;
      if (pending === 0) pending = requestAnimationFrame(() => draw(flow.getState()));
    });
    return () => {
      unsubscribe();
      if (pending !== 0) cancelAnimationFrame(pending);
    };
  }, [flow, scene]);

  return <canvas ref={canvas} className="far-view" data-testid="far-view" aria-hidden="true" />;
}
