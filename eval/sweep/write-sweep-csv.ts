import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../../src/util/atomic-write.ts';
import { parseSweepRows, type SweepRow, sweepColumns } from './sweep-row.ts';

/**
 * sweep.csv text: a header row, then one row per point in the given order, columns in
 * `sweepColumns` order. Numbers are written with String(), the shortest text that parses back to
 * the same double, so nothing is rounded. null is an empty cell; booleans are "true"/"false"
 * (csv-stringify's default would write "1" and "", which reads back ambiguously).
 */
export function sweepCsv(rows: readonly SweepRow[]): string {
  const valid = parseSweepRows(rows);
  return stringify(valid, {
    header: true,
    columns: [...sweepColumns],
    cast: { boolean: (value) => String(value) },
    // LF regardless of platform so the same sweep gives the same bytes everywhere.
    record_delimiter: 'unix',
  });
}

/** Writes sweep.csv atomically, so a killed sweep never leaves half a file behind. */
export async function writeSweepCsv(path: string, rows: readonly SweepRow[]): Promise<void> {
  await writeFileAtomic(path, sweepCsv(rows));
}
