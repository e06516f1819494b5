import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../../src/util/atomic-write.ts';
import { aggregateSweepRows, seedSpreadColumns, spreadMetrics } from './sweep-points.ts';
import { parseSweepRows, type SweepRow, sweepColumns } from './sweep-row.ts';

/**
 * sweep.csv text: a header row, then one row per point and seed in the given order, columns in
 * `sweepColumns` order. Numbers are written with String(), the shortest text that parses back to
 * the same double, so nothing is rounded. null is an empty cell; booleans are "true"/"false"
 * (csv-stringify's default would write "1" and "", which reads back ambiguously).
 *
 * When some point ran several seeds (`sweep --seeds 0,1,2`), every row also gets its point's
 * `seedSpreadColumns`: the number of seeds and the mean, min and max over them of accuracy, cost
 * per query, mean CP tokens and mean CP wall time (the same values on each seed's row, so any one
 * row of a point, or a filter on one seed, gives the aggregate). A single-seed sweep writes
 * exactly the columns it always did.
 */
export function sweepCsv(rows: readonly SweepRow[]): string {
  const valid = parseSweepRows(rows);
  const points = aggregateSweepRows(valid);
  const seeded = points.some((point) => point.seeds.length > 1);
  const records: Record<string, unknown>[] = seeded
    ? valid.map((row) => {
        const point = points.find((candidate) => candidate.name === row.name && candidate.kind === row.kind && candidate.lambdaT === row.lambdaT)!;
        const extra: Record<string, number> = { seedCount: point.seeds.length };
        for (const metric of spreadMetrics) {
          extra[`${metric}SeedMean`] = point.spread[metric].mean;
          extra[`${metric}SeedMin`] = point.spread[metric].min;
          extra[`${metric}SeedMax`] = point.spread[metric].max;
        }
        return { ...row, ...extra };
      })
    : valid;
  return stringify(records, {
    header: true,
    columns: seeded ? [...sweepColumns, ...seedSpreadColumns] : [...sweepColumns],
    cast: { boolean: (value) => String(value) },
    // LF regardless of platform so the same sweep gives the same bytes everywhere.
    record_delimiter: 'unix',
  });
}

/** Writes sweep.csv atomically, so a killed sweep never leaves half a file behind. */
export async function writeSweepCsv(path: string, rows: readonly SweepRow[]): Promise<void> {
  await writeFileAtomic(path, sweepCsv(rows));
}
