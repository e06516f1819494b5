import { join } from 'node:path';
import type { BackendOptions } from '../../src/backend/backend-options.ts';
import type { Task } from '../../src/tasks/task.ts';
import { writeFileAtomic } from '../../src/util/atomic-write.ts';
import { prepareOutDir } from '../../src/util/existing-run.ts';
import { withRunDirLocks } from '../../src/util/run-dir-lock.ts';
import type { TrainConfig } from '../../train/train-config.ts';
import type { QueueSweepOptions } from '../queue/queue-options.ts';
import type { FailedPoint } from '../queue/run-queued-points.ts';
import type { Dataset } from '../resolve-dataset.ts';
import { loadPngRenderer } from './render-pareto-png.ts';
import { renderParetoSvg } from './render-pareto-svg.ts';
import { aggregateSweepRows, type SweepPoint } from './sweep-points.ts';
import { pointLabel, runSweepPoint, seedDir, sweepPoints } from './sweep-point.ts';
import type { SweepRow } from './sweep-row.ts';
import { writeSweepCsv } from './write-sweep-csv.ts';

export interface SweepOptions {
  task: Task;
  train: Dataset;
  test: Dataset;
  lambdaTs: number[];
  baselines: string[];
  config: TrainConfig;
  backend: BackendOptions;
  greedy: boolean;
  queriesInFlight: number;
  out: string;
  /**
   * Each λt point and each baseline runs once per seed (default: just `backend.seed`). With one
   * seed the layout is `lambda-X/` and `baseline-NAME/`; with several, `lambda-X/seed-S/` and
   * `baseline-NAME/seed-S/`.
   */
  seeds?: number[];
  /** Also write pareto.png beside pareto.svg. */
  png?: boolean;
  /**
   * `out` (or a λt, baseline or seed directory in it) already holding a run is refused (exit 2)
   * unless this is set, which deletes the earlier runs' files first (src/util/existing-run.ts).
   */
  overwrite?: boolean;
  onStage?: (stage: string) => void;
  /**
   * Progress over the whole sweep's work, counted in queries (trained and evaluated alike):
   * called once with the total (sweepWork), then ticked as each batch or query finishes.
   */
  progress?: (total: number) => { tick(delta: number): void };
  /** Run the points as jobs on a BullMQ queue (DESIGN §12) instead of here, one after another. */
  queue?: QueueSweepOptions;
}

export interface SweepResult {
  /** One row per point and seed, in run order. */
  rows: SweepRow[];
  /** The rows grouped by point, with mean, min and max over the seeds. */
  points: SweepPoint[];
  csv: string;
  svg: string;
  /** pareto.png, when asked for. */
  png?: string;
  seconds: number;
}

/**
 * The paper's Figure 2 for any task: one controller trained and evaluated per lambda_t, the
 * fixed baselines once, all on the same test split; sweep.csv and pareto.svg in `out`.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  // One writer per sweep directory, and per run directory inside it: locking the λt and baseline
  // directories too makes a `train --out <out>/lambda-X` started earlier (or later) collide here.
  // With several seeds, each point's directory and every seed directory inside it are locked.
  const seeds = seedsOf(options);
  const pointDirs = [...options.lambdaTs.map((lambdaT) => lambdaDir(options.out, lambdaT)), ...options.baselines.map((name) => baselineDir(options.out, name))];
  const dirs = [options.out, ...pointDirs.flatMap((dir) => [dir, ...seeds.map((seed) => seedDir(dir, seed, seeds))])];
  return withRunDirLocks(dirs, () => sweepInto(options), { flag: '--out' });
}

const lambdaDir = (out: string, lambdaT: number) => join(out, `lambda-${lambdaT}`);
const baselineDir = (out: string, baseline: string) => join(out, `baseline-${baseline}`);
const seedsOf = (options: SweepOptions) => [...new Set(options.seeds ?? [options.backend.seed])];

async function sweepInto(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  // Loaded first: a missing PNG renderer is told at once, not after the training.
  const toPng = options.png ? await loadPngRenderer() : undefined;
  // Under the locks: an earlier sweep (or a run in one of its directories) is refused, or deleted with --overwrite.
  prepareOutDir(options.out, { overwrite: options.overwrite === true });
  const seeds = seedsOf(options);
  const points = sweepPoints(options.lambdaTs, options.baselines, seeds);
  const work = options.progress?.(sweepWork(options, seeds.length));
  const rows: SweepRow[] = [];
  const failed: FailedPoint[] = [];
  if (options.queue) {
    // Loaded only for a queued sweep: a local one never touches BullMQ.
    const { runQueuedPoints } = await import('../queue/run-queued-points.ts');
    const queued = await runQueuedPoints(options, points, { ...options.queue, onStage: options.onStage, tick: (delta) => work?.tick(delta) });
    rows.push(...queued.rows);
    failed.push(...queued.failed);
  } else {
    for (const point of points) {
      rows.push(await runSweepPoint(options, point, join(options.out, point.dir), { label: pointLabel(point, seeds.length), onStage: options.onStage, tick: (delta) => work?.tick(delta) }));
    }
  }
  const csvPath = join(options.out, 'sweep.csv');
  if (failed.length > 0) {
    // The finished points are kept (sweep.csv lists them); the failed ones and their errors go beside them.
    const report = join(options.out, 'failed-points.json');
    await writeFileAtomic(report, `${JSON.stringify(failed, null, 2)}\n`);
    await writeSweepCsv(csvPath, rows);
    const { SweepJobsFailedError } = await import('../queue/sweep-jobs-failed-error.ts');
    throw new SweepJobsFailedError(failed, points.length, report);
  }
  await writeSweepCsv(csvPath, rows);
  const svg = await renderParetoSvg(rows, { title: 'Accuracy vs critical path', task: options.task.name });
  const svgPath = join(options.out, 'pareto.svg');
  await writeFileAtomic(svgPath, svg);
  const pngPath = toPng ? join(options.out, 'pareto.png') : undefined;
  if (toPng && pngPath) await writeFileAtomic(pngPath, toPng(svg));
  return { rows, points: aggregateSweepRows(rows), csv: csvPath, svg: svgPath, ...(pngPath ? { png: pngPath } : {}), seconds: (performance.now() - started) / 1000 };
}

/** The queries a sweep runs, for its progress bar: per seed, every λt's training passes and evaluation, and every baseline. */
export function sweepWork(options: Pick<SweepOptions, 'lambdaTs' | 'baselines' | 'config' | 'train' | 'test'>, seeds: number): number {
  const training = options.config.epochs * options.train.problems.length;
  const test = options.test.problems.length;
  return seeds * (options.lambdaTs.length * (training + test) + options.baselines.length * test);
}
