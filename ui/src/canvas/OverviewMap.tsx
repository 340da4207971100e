// The minimap of a large journey: the scene as one small picture, and the visible area as
// a frame moved on each viewport change. React Flow's own minimap is an SVG of a thousand
// rectangles that WebKit repaints whenever its viewport mask moves, and a live <canvas>
// cost as much (docs/benchmarks.md); a picture and a div cost next to nothing. Click or
// drag to move the view.
import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { useEffect, useMemo, useRef, useState, type PointerEvent } from "react";

import { readFarColors } from "./farDraw";
import { renderFarPicture } from "./farImage";
import { sameDrawing, sceneBounds, type FarScene } from "./farScene";
import { MINIMAP_HEIGHT as HEIGHT, MINIMAP_WIDTH as WIDTH } from "./fitPadding";

const PADDING = 6;
/** Quiet time before the map is drawn again after a change. */
const REDRAW_MS = 300;

/** How the flow maps onto the map: flow point p → (p - origin) * scale + offset. */
function fitting(scene: FarScene) {
  const b = sceneBounds(scene);
  const scale = Math.min((WIDTH - 2 * PADDING) / b.w, (HEIGHT - 2 * PADDING) / b.h);
  return {
    scale,
    x: PADDING + (WIDTH - 2 * PADDING - b.w * scale) / 2 - b.x * scale,
    y: PADDING + (HEIGHT - 2 * PADDING - b.h * scale) / 2 - b.y * scale,
  };
}

export function OverviewMap({ scene }: { scene: FarScene }) {
  const flow = useStoreApi();
  const { setCenter } = useReactFlow();
  const frame = useRef<HTMLDivElement>(null);
  const map = useMemo(() => fitting(scene), [scene]);
  const [picture, setPicture] = useState<{ url: string; left: number; top: number; w: number; h: number } | null>(null);

  // Redrawn only when the picture would change, and once a burst of changes (nodes
  // measured as they first come into view, a drag) has passed.
  const drawn = useRef<FarScene | null>(null);
  useEffect(() => {
    if (drawn.current && sameDrawing(drawn.current, scene)) return;
    let live = true;
    const timer = setTimeout(
      () => {
        const ratio = window.devicePixelRatio || 1;
        const colors = readFarColors(document.querySelector<HTMLElement>(".react-flow") ?? document.body);
        renderFarPicture(scene, map.scale * ratio, colors).then(
          (p) => {
            if (!live) return URL.revokeObjectURL(p.url);
            drawn.current = scene;
            const s = map.scale;
            setPicture({ url: p.url, left: p.bounds.x * s + map.x, top: p.bounds.y * s + map.y, w: p.bounds.w * s, h: p.bounds.h * s });
          },
          // The map stays without its picture; its frame still moves and takes clicks.
          (e: unknown) => console.error("the overview map could not be drawn", e),
        );
      },
      drawn.current ? REDRAW_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [scene, map]);

  useEffect(() => () => void (picture && URL.revokeObjectURL(picture.url)), [picture]);

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
    <Panel position="top-right">
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
        {picture && (
          <img
            src={picture.url}
            alt=""
            draggable={false}
            style={{ left: picture.left, top: picture.top, width: picture.w, height: picture.h }}
          />
        )}
        <div ref={frame} className="overview-map-frame" />
      </div>
    </Panel>
  );
}
