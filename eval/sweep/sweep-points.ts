import type { SweepRow } from './sweep-row.ts';

/**
 * The spread of one metric over a point's seeds. Mean with min and max, not a standard deviation:
 * sweeps run 2-5 seeds, where a standard deviation is itself a rough guess (its relative error is
 * about 1/sqrt(2(n-1)), 50 % at 3 seeds), presumes a symmetric spread, and can reach past 0 or
 * 100 % accuracy; min and max are exactly what was observed and mean the same at 2 seeds as at 20.
 */
export interface SeedSpread {
  mean: number;
  min: number;
  max: number;
}

/** The metrics aggregated over seeds, as named in SweepRow (and in the CSV's extra columns). */
export const spreadMetrics = ['accuracy', 'costPerQueryUsd', 'cpTokensMean', 'cpWallMsMean'] as const;
export type SpreadMetric = (typeof spreadMetrics)[number];

/** One point of the plot: a controller at one lambda_t or a baseline, over all its seeds. */
export interface SweepPoint {
  name: string;
  kind: SweepRow['kind'];
  lambdaT: number | null;
  /** The seeds behind the point, in run order. */
  seeds: number[];
  simulated: boolean;
  backend: string;
  spread: Record<SpreadMetric, SeedSpread>;
}

/** The key that says two rows are seeds of the same point. */
function pointKey(row: SweepRow): string {
  return JSON.stringify([row.kind, row.name, row.lambdaT]);
}

/**
 * Groups per-seed rows into points (same kind, name and lambda_t), in order of first appearance.
 * A sweep run with one seed gives one point per row, with min = mean = max.
 */
export function aggregateSweepRows(rows: readonly SweepRow[]): SweepPoint[] {
  const groups = new Map<string, SweepRow[]>();
  for (const row of rows) {
    const key = pointKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const spread = Object.fromEntries(spreadMetrics.map((metric) => [metric, spreadOf(group.map((row) => row[metric]))])) as Record<SpreadMetric, SeedSpread>;
    return {
      name: first.name,
      kind: first.kind,
      lambdaT: first.lambdaT,
      seeds: group.map((row) => row.seed),
      simulated: group.some((row) => row.simulated),
      backend: [...new Set(group.map((row) => row.backend))].join(', '),
      spread,
    };
  });
}

function spreadOf(values: readonly number[]): SeedSpread {
  // Summed in a fixed order, so the same rows always give the same bytes.
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return { mean, min: Math.min(...values), max: Math.max(...values) };
}

/** CSV columns added when a sweep ran several seeds: `seedCount`, then mean/min/max per metric. */
export const seedSpreadColumns = ['seedCount', ...spreadMetrics.flatMap((metric) => [`${metric}SeedMean`, `${metric}SeedMin`, `${metric}SeedMax`])] as const;
