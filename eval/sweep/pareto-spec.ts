import type { TopLevelSpec } from 'vega-lite';
import { labelFontSize } from './place-labels.ts';
import { plotData } from './pareto-plot-data.ts';
import { plotDomains, plotHeight, plotWidth, sizeRange } from './pareto-plot-area.ts';
import { aggregateSweepRows } from './sweep-points.ts';
import type { SweepRow } from './sweep-row.ts';

export interface ParetoSvgOptions {
  /** Main chart title, e.g. "LAMaS sweep". */
  title: string;
  /** Task name shown beside the title, e.g. "gsm8k". */
  task: string;
}

/** Fixed kind order so colours and shapes do not swap when a sweep has only one kind. */
const kindDomain = ['controller', 'baseline'];
const kindColors = ['#4c78a8', '#f58518'];
const kindShapes = ['circle', 'square'];

/** The Vega-Lite spec, exported so callers can also save it (e.g. pareto.vl.json) for re-styling. */
export function paretoSpec(rows: readonly SweepRow[], { title, task }: ParetoSvgOptions): TopLevelSpec {
  const points = aggregateSweepRows(rows);
  const values = plotData(points);
  const simulated = rows.some((row) => row.simulated);
  const backends = [...new Set(rows.map((row) => row.backend))].sort();
  const maxSeeds = Math.max(0, ...points.map((point) => point.seeds.length));
  const subtitle = [
    ...(simulated ? ['Simulated backend: these figures come from the simulator, not from real model calls.'] : []),
    ...(backends.length > 0 ? [`backend: ${backends.join(', ')}`] : []),
    ...(maxSeeds > 1 ? [`markers: mean over ${maxSeeds} seeds (${[...new Set(points.flatMap((point) => point.seeds))].join(', ')}); bars: min to max over the seeds`] : []),
  ];
  const { x: xDomain, y: yDomain, size: sizeDomain } = plotDomains(points);

  // Fixed domains (no nice, no zero, no padding added by vega): labels are placed in pixels by
  // this file, which needs the exact data-to-pixel mapping vega will use.
  const xScale = { domain: xDomain, nice: false, zero: false } as const;
  const yScale = { domain: yDomain, nice: false, zero: false } as const;
  const xTitle = 'Mean critical-path tokens';
  const yTitle = 'Accuracy (%)';
  const x = { field: 'cpTokensMean', type: 'quantitative', title: xTitle, scale: xScale } as const;
  const y = { field: 'accuracyPct', type: 'quantitative', title: yTitle, scale: yScale } as const;

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${title}: ${task}${simulated ? ' (simulated)' : ''}`, ...(subtitle.length > 0 ? { subtitle } : {}) },
    width: plotWidth,
    height: plotHeight,
    background: 'white',
    data: { values: values as unknown as Record<string, unknown>[] },
    layer: [
      {
        // A label pushed away from its marker is joined to it; drawn first, so the marker covers its end.
        transform: [{ filter: 'datum.leader' }],
        mark: { type: 'rule', color: '#999', strokeWidth: 0.75 },
        encoding: { x, y, x2: { field: 'leaderX' }, y2: { field: 'leaderY' } },
      },
      {
        transform: [{ filter: 'datum.seedCount > 1' }],
        mark: { type: 'rule', strokeWidth: 1.25, opacity: 0.7 },
        encoding: {
          x: { ...x, field: 'cpTokensMin' },
          x2: { field: 'cpTokensMax' },
          y,
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindColors } },
        },
      },
      {
        transform: [{ filter: 'datum.seedCount > 1' }],
        mark: { type: 'rule', strokeWidth: 1.25, opacity: 0.7 },
        encoding: {
          x,
          y: { ...y, field: 'accuracyPctMin' },
          y2: { field: 'accuracyPctMax' },
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindColors } },
        },
      },
      {
        // The controllers' frontier, not the lambda_t order: a sweep's points need not be monotone.
        transform: [{ filter: 'datum.frontierOrder !== null' }],
        mark: { type: 'line', color: kindColors[0], strokeWidth: 1.5, opacity: 0.6 },
        encoding: { x, y, order: { field: 'frontierOrder', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, opacity: 0.85 },
        encoding: {
          x,
          y,
          size: {
            field: 'costPerQueryUsd',
            type: 'quantitative',
            title: 'Cost per query (USD)',
            // Area from zero so marker area stays proportional to spend.
            scale: { domain: sizeDomain, zero: true, nice: false, range: sizeRange },
          },
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindColors } },
          shape: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindShapes } },
        },
      },
      {
        mark: { type: 'text', fontSize: labelFontSize, color: '#333', align: 'center', baseline: 'middle' },
        encoding: { x: { ...x, field: 'labelX' }, y: { ...y, field: 'labelY' }, text: { field: 'name', type: 'nominal' } },
      },
    ],
  };
}
