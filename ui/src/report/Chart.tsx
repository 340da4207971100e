// One time-series chart, drawn by uPlot on a 2D canvas (fast on WebKitGTK without a GPU).
// The lines' values are also in a table, visually hidden while the chart shows, so the
// figures are readable without the picture (and testable); if uPlot cannot load, the
// table is shown instead.
import { useEffect, useRef, useState } from "react";
import type uPlotType from "uplot";
import "uplot/dist/uPlot.min.css";

import type { Series } from "./model";
import { loadUPlot } from "./uplot";

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

export function Chart({ title, data, testId }: { title: string; data: Series; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || data.times.length === 0) return;
    let plot: Plot | null = null;
    let resize: ResizeObserver | null = null;
    let current = true;
    loadUPlot().then(
      (uPlot) => {
        if (!current) return;
        plot = draw(uPlot, el, data);
        const drawn = plot;
        resize = new ResizeObserver(() => drawn.setSize({ width: Math.max(320, el.clientWidth), height: 200 }));
        resize.observe(el);
      },
      () => current && setFailed(true),
    );
    return () => {
      current = false;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [data]);

  return (
    <figure className="report-chart" data-testid={testId} data-lines={data.lines.map((l) => l.key).join(",")}>
      <figcaption>{title}</figcaption>
      {data.times.length === 0 ? (
        <p className="muted" data-testid={`${testId}-empty`}>
          Nothing in this period.
        </p>
      ) : (
        <>
          <div ref={box} className="report-chart-plot" />
          <table className={failed ? "report-values" : "visually-hidden"} data-testid={`${testId}-values`}>
            <thead>
              <tr>
                <th>Time</th>
                {data.lines.map((l) => (
                  <th key={l.key}>{l.key}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.times.map((t, i) => (
                <tr key={t}>
                  <td>{new Date(t * 1000).toISOString()}</td>
                  {data.lines.map((l) => (
                    <td key={l.key}>{l.values[i]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}

type Plot = { destroy: () => void; setSize: (s: { width: number; height: number }) => void };

function draw(uPlot: typeof uPlotType, el: HTMLElement, data: Series): Plot {
  return new uPlot(
    {
      width: Math.max(320, el.clientWidth),
      height: 200,
      // One bucket alone would be stretched over years: show an hour around it.
      scales: { x: { time: true, range: (_u, min, max) => (min === max ? [min - 1800, max + 1800] : [min, max]) } },
      axes: [{}, { size: 48 }],
      series: [{}, ...data.lines.map((l, i) => ({ label: l.key, stroke: COLORS[i % COLORS.length], width: 2 }))],
    },
    [data.times, ...data.lines.map((l) => l.values)],
    el,
  );
}
