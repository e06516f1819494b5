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
}

const columns: Array<keyof BatchMetrics> = ['pass', 'batch', 'step', 'meanReward', 'accuracy', 'costUsd', 'cpTokens', 'cpWallMs', 'operatorsPerLayer', 'depth', 'loss'];

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
    writeFileSync(this.path, [header, ...kept].map((line) => `${line}\n`).join(''));
  }

  append(metrics: BatchMetrics): void {
    appendFileSync(this.path, stringify([columns.map((column) => metrics[column])]));
  }
}
