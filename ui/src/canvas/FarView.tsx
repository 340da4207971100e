// Shows a large journey as one picture while it is zoomed out past FAR_ZOOM, in place of
// React Flow's DOM nodes and SVG edges (hidden meanwhile; see FlowPane). The picture sits
// in React Flow's viewport, so panning and zooming only move and scale it: no script runs
// per frame. It is drawn again when the scene changes or the zoom settles far from the
// scale it was drawn at; selected activities are outlined by a few divs above it, so a
// click does not redraw the picture.
import { useStoreApi, ViewportPortal } from "@xyflow/react";
import { useEffect, useRef, useState } from "react";

import { readFarColors, type FarColors } from "./farDraw";
import { closeEnough, pictureScale, renderFarPicture, type FarPicture } from "./farImage";
import { sameDrawing, type FarScene } from "./farScene";

/** How long the zoom must rest before the picture is drawn again at the new scale. */
const SETTLE_MS = 200;

function useSettledZoom(): number {
  const flow = useStoreApi();
  const [zoom, setZoom] = useState(() => flow.getState().transform[2]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = flow.subscribe((s, previous) => {
      if (s.transform[2] === previous.transform[2]) return;
      clearTimeout(timer);
      timer = setTimeout(() => setZoom(flow.getState().transform[2]), SETTLE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [flow]);
  return zoom;
}

/** `onShown(true)` once a picture is on screen, `onShown(false)` when the view closes or
 * the picture cannot be drawn (the DOM nodes then stay). */
export function FarView({ scene, onShown }: { scene: FarScene; onShown: (shown: boolean) => void }) {
  const zoom = useSettledZoom();
  const colors = useRef<FarColors | null>(null);
  const [picture, setPicture] = useState<FarPicture | null>(null);
  const selected = scene.boxes.filter((b) => b.selected);
  const drawn = useRef<{ scene: FarScene; scale: number } | null>(null);

  // The picture leaves the selection out (divs outline it), and sameDrawing ignores it:
  // selecting never redraws the picture.
  useEffect(() => {
    const wanted = pictureScale(scene, zoom * (window.devicePixelRatio || 1));
    const last = drawn.current;
    if (last && sameDrawing(last.scene, scene) && closeEnough(last.scale, wanted)) return;
    colors.current ??= readFarColors(document.querySelector<HTMLElement>(".react-flow") ?? document.body);
    let live = true;
    renderFarPicture(scene, wanted, colors.current).then(
      (p) => {
        if (!live) return URL.revokeObjectURL(p.url);
        drawn.current = { scene, scale: wanted };
        setPicture(p);
      },
      (e: unknown) => {
        console.error("the far view could not be drawn", e);
        if (live) onShown(false);
      },
    );
    return () => {
      live = false;
    };
  }, [scene, zoom, onShown]);

  // A picture's URL is freed once the next one shows, or the far view closes.
  useEffect(() => () => void (picture && URL.revokeObjectURL(picture.url)), [picture]);

  useEffect(() => () => onShown(false), [onShown]);

  return (
    <ViewportPortal>
      {picture && (
        <img
          className="far-view"
          data-testid="far-view"
          alt=""
          src={picture.url}
          draggable={false}
          onLoad={() => onShown(true)}
          onError={() => {
            console.error("the far view's picture did not load");
            onShown(false);
          }}
          style={{ left: picture.bounds.x, top: picture.bounds.y, width: picture.bounds.w, height: picture.bounds.h }}
        />
      )}
      {selected.map((b) => (
        <div
          key={b.id}
          className="far-view-selected"
          style={{ left: b.x, top: b.y, width: b.w, height: b.h }}
          data-testid="far-view-selected"
        />
      ))}
    </ViewportPortal>
  );
}
