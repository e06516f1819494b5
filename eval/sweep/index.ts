export { normaliseSvgIds, type ParetoSvgOptions, paretoSpec, renderParetoSvg } from './render-pareto-svg.ts';
export { parseSweepRows, type SweepRow, sweepColumns, sweepRowSchema } from './sweep-row.ts';
export { sweepCsv, writeSweepCsv } from './write-sweep-csv.ts';
