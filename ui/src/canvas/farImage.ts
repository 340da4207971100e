// Turns a far scene into a picture (an object URL) for an <img>. An image is what WebKit
// paints cheapest while the view moves: a live <canvas> element, even a static one, cost
// the frame more than the DOM nodes it replaced (docs/benchmarks.md), so the canvas here is
// never attached; it is drawn once and encoded.
import { drawFarScene, type FarColors } from "./farDraw";
import { sceneBounds, type FarScene } from "./farScene";

/** Longest side of a far picture, in pixels: past this it is drawn smaller and scaled up. */
export const MAX_SIDE = 4096;

export type FarPicture = { url: string; scale: number; bounds: ReturnType<typeof sceneBounds> };

/** The scale to draw at for a wanted one (zoom × pixel ratio), within MAX_SIDE. */
export function pictureScale(scene: FarScene, wanted: number): number {
  const b = sceneBounds(scene);
  return Math.max(0.01, Math.min(wanted, MAX_SIDE / Math.max(b.w, b.h)));
}

/** Whether a picture drawn at `drawn` still looks right at `wanted` (within 25 %). */
export function closeEnough(drawn: number, wanted: number): boolean {
  const ratio = wanted / drawn;
  return ratio > 0.8 && ratio < 1.25;
}

export function renderFarPicture(scene: FarScene, scale: number, colors: FarColors): Promise<FarPicture> {
  const bounds = sceneBounds(scene);
  // A margin so that outlines at the edge are not cut.
  const pad = 4 / scale;
  const framed = { x: bounds.x - pad, y: bounds.y - pad, w: bounds.w + 2 * pad, h: bounds.h + 2 * pad };
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.ceil(framed.w * scale));
  canvas.height = Math.max(1, Math.ceil(framed.h * scale));
  const ctx = canvas.getContext("2d");
  if (!ctx) return Promise.reject(new Error("no 2D canvas"));
  drawFarScene(
    ctx,
    scene,
    { x: -framed.x * scale, y: -framed.y * scale, zoom: scale, width: canvas.width, height: canvas.height },
    colors,
    1,
  );
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (blob) resolve({ url: URL.createObjectURL(blob), scale, bounds: framed });
      else reject(new Error("the far view could not be encoded"));
    }, "image/png"),
  );
}
