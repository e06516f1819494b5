export { type Box, boxesOverlap, labelBox, labelHeight, labelWidth, placeLabels } from './place-labels.ts';
export { loadPngRenderer, renderPng } from './render-pareto-png.ts';
export { controllerFrontier, normaliseSvgIds, type ParetoSvgOptions, paretoSpec, plotHeight, plotWidth, renderParetoSvg } from './render-pareto-svg.ts';
export { aggregateSweepRows, type SeedSpread, seedSpreadColumns, type SweepPoint, spreadMetrics } from './sweep-points.ts';
export { parseSweepRows, type SweepRow, sweepColumns, sweepRowSchema } from './sweep-row.ts';
export { sweepCsv, writeSweepCsv } from './write-sweep-csv.ts';
