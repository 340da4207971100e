// The minimap of a large journey: the scene painted once into a small canvas, and the
// visible area as a frame moved on each viewport change. React Flow's own minimap is an
// SVG of a thousand rectangles that WebKit repaints whenever its viewport mask moves,
// which cost a third of each frame (docs/benchmarks.md). Click or drag to move the view.
import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { useEffect, useMemo, useRef, type PointerEvent } from "react";

import { drawFarScene, readFarColors } from "./farDraw";
import { sceneBounds, type FarScene } from "./farScene";

const WIDTH = 200;
const HEIGHT = 150;
const PADDING = 6;

/** How the flow maps onto the map: flow point p → (p - origin) * scale + offset. */
function fitting(scene: FarScene) {
  const b = sceneBounds(scene);
  const scale = Math.min((WIDTH - 2 * PADDING) / b.w, (HEIGHT - 2 * PADDING) / b.h);
  return {
    scale,
    x: PADDING + ((WIDTH - 2 * PADDING) - b.w * scale) / 2 - b.x * scale,
    y: PADDING + ((HEIGHT - 2 * PADDING) - b.h * scale) / 2 - b.y * scale,
  };
}

export function OverviewMap({ scene }: { scene: FarScene }) {
  const flow = useStoreApi();
  const { setCenter } = useReactFlow();
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const map = useMemo(() => fitting(scene), [scene]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = WIDTH * ratio;
    el.height = HEIGHT * ratio;
    const colors = readFarColors(el.parentElement ?? document.body);
    drawFarScene(ctx, scene, { x: map.x, y: map.y, zoom: map.scale, width: WIDTH, height: HEIGHT }, colors, ratio);
  }, [scene, map]);

  useEffect(() => {
    const place = ({ transform: [tx, ty, zoom], width, height }: ReactFlowState) => {
      const style = frame.current?.style;
      if (!style) return;
      const left = (-tx / zoom) * map.scale + map.x;
      const top = (-ty / zoom) * map.scale + map.y;
      style.transform = `translate(${left}px, ${top}px)`;
      style.width = `${(width / zoom) * map.scale}px`;
      style.height = `${(height / zoom) * map.scale}px`;
    };
    place(flow.getState());
    return flow.subscribe((s, previous) => {
      if (s.transform !== previous.transform || s.width !== previous.width || s.height !== previous.height) place(s);
    });
  }, [flow, map]);

  const moveTo = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = (e.clientX - rect.left - map.x) / map.scale;
    const y = (e.clientY - rect.top - map.y) / map.scale;
    void setCenter(x, y, { zoom: flow.getState().transform[2] });
  };

  return (
    <Panel position="bottom-right">
      <div
        className="overview-map"
        data-testid="overview-map"
        role="img"
        aria-label="Overview of the whole journey; click to move the view there"
        style={{ width: WIDTH, height: HEIGHT }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) moveTo(e);
        }}
      >
        <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT }} />
        <div ref={frame} className="overview-map-frame" />
      </div>
    </Panel>
  );
}
