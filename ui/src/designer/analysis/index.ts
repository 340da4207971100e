// What-if and path coverage panels for the designer's test panel, and the edge labels
// the canvas shows for a what-if run.
export { CoveragePanel } from "./CoveragePanel";
export { WhatIfPanel } from "./WhatIfPanel";
export { edgeVolumeLabels } from "./volumes";
