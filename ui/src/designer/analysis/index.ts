// What-if and path coverage panels for the designer's test panel, and the pure helpers
// the canvas uses to draw their results on edges (keys `${nodeId}:${port}`).
export { CoveragePanel, type CoveragePanelProps } from "./CoveragePanel";
export { WhatIfPanel, type WhatIfPanelProps } from "./WhatIfPanel";
export { describePath, parseStep, stepEdges, uncoveredEdges, uncoveredPaths, type Step } from "./coverage";
export {
  edgeKey,
  edgeVolumeLabels,
  edgeVolumeList,
  formatCount,
  formatShare,
  formatVolume,
  journeyTotals,
  type EdgeVolume,
} from "./volumes";
export { WHAT_IF_PROGRESS, onWhatIfProgress, pathCoverage, whatIf } from "./api";
