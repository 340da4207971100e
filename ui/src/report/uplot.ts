// Loads uPlot on first use. uPlot builds an Intl.NumberFormat from navigator.language
// when its module is evaluated; WebKitGTK under LANG=C (servers, CI, minimal desktops)
// reports "C", which Intl refuses with a RangeError, and a failed module takes the
// whole app with it when imported statically (a blank window). So the language is made
// one Intl accepts first, and the module is only loaded when a chart is drawn.
import type uPlotType from "uplot";

let loading: Promise<typeof uPlotType> | null = null;

export function loadUPlot(): Promise<typeof uPlotType> {
  if (!loading) {
    try {
      new Intl.NumberFormat(navigator.language);
    } catch {
      Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
    }
    loading = import("uplot").then((m) => m.default);
  }
  return loading;
}
