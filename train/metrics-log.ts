import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** One row of metrics.csv per training batch. */
export interface BatchMetrics {
  pass: number;
  batch: number;
  step: number;
  meanReward: number;
  accuracy: number;
  costUsd: number;
  cpTokens: number;
  cpWallMs: number;
  operatorsPerLayer: number;
  depth: number;
  loss: number;
  /** Share of the batch's queries whose layer-0 generator the rule added (the controller chose none). */
  forcedGenerators: number;
}

const columns: Array<keyof BatchMetrics> = ['pass', 'batch', 'step', 'meanReward', 'accuracy', 'costUsd', 'cpTokens', 'cpWallMs', 'operatorsPerLayer', 'depth', 'loss', 'forcedGenerators'];

/**
 * metrics.csv, appended one row per batch (a crash loses at most the row being written). On
 * resume it is cut back to the checkpoint's step, so a resumed run's rows equal an
 * uninterrupted run's.
 */
export class MetricsLog {
  constructor(readonly path: string) {}

  start(resumeAtStep: number | null): void {
    if (resumeAtStep === null || !existsSync(this.path)) {
      writeFileSync(this.path, stringify([columns]));
      return;
    }
    const [header, ...rows] = readFileSync(this.path, 'utf8').split('\n').filter((line) => line !== '');
    const kept = rows.filter((row) => Number(row.split(',')[2]) <= resumeAtStep);
    // A run started by an older lamas has fewer columns: the header becomes today's, and its
    // rows get empty cells for the columns it did not record.
    const missing = columns.length - (header ?? '').split(',').length;
    const padded = missing > 0 ? kept.map((row) => row + ','.repeat(missing)) : kept;
    writeFileSync(this.path, [stringify([columns]).trimEnd(), ...padded].map((line) => `${line}\n`).join(''));
  }

  append(metrics: BatchMetrics): void {
    appendFileSync(this.path, stringify([columns.map((column) => metrics[column])]));
  }
}
