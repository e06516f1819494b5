import { join } from 'node:path';
import type { BackendOptions } from '../../src/backend/backend-options.ts';
import { resolveTopology } from '../../src/graph/named-topologies.ts';
import { bindTopologyModels } from '../../src/graph/bind-models.ts';
import { declaredModels } from '../../src/backend/model-declarations.ts';
import type { RunSummary } from '../../src/graph/summarize-results.ts';
import type { Task } from '../../src/tasks/task.ts';
import { writeFileAtomic } from '../../src/util/atomic-write.ts';
import { prepareOutDir } from '../../src/util/existing-run.ts';
import { withRunDirLocks } from '../../src/util/run-dir-lock.ts';
import type { TrainConfig } from '../../train/train-config.ts';
import { trainController } from '../../train/train-controller.ts';
import { type EvaluationSummary, evaluateController } from '../evaluate-controller.ts';
import type { Dataset } from '../resolve-dataset.ts';
import { runBenchmark } from '../run-benchmark.ts';
import { loadPngRenderer } from './render-pareto-png.ts';
import { renderParetoSvg } from './render-pareto-svg.ts';
import { aggregateSweepRows, type SweepPoint } from './sweep-points.ts';
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
/** A single-seed sweep keeps the layout it always had; several seeds get a directory each. */
const seedDir = (dir: string, seed: number, seeds: readonly number[]) => (seeds.length === 1 ? dir : join(dir, `seed-${seed}`));
const seedsOf = (options: SweepOptions) => [...new Set(options.seeds ?? [options.backend.seed])];

async function sweepInto(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  // Loaded first: a missing PNG renderer is told at once, not after the training.
  const toPng = options.png ? await loadPngRenderer() : undefined;
  // Under the locks: an earlier sweep (or a run in one of its directories) is refused, or deleted with --overwrite.
  prepareOutDir(options.out, { overwrite: options.overwrite === true });
  const rows: SweepRow[] = [];
  const seeds = seedsOf(options);
  const seedNote = (seed: number) => (seeds.length === 1 ? '' : ` seed ${seed}`);
  const work = options.progress?.(sweepWork(options, seeds.length));
  const batchQueries = (batch: number) => Math.min(options.config.batchSize, options.train.problems.length - batch * options.config.batchSize);
  for (const lambdaT of options.lambdaTs) {
    for (const seed of seeds) {
      options.onStage?.(`training λt=${lambdaT}${seedNote(seed)}`);
      const dir = seedDir(lambdaDir(options.out, lambdaT), seed, seeds);
      const backend = { ...options.backend, seed };
      const trained = await trainController({
        config: { ...options.config, lambdaT },
        task: options.task,
        problems: options.train.problems,
        trainData: options.train.file,
        backend,
        out: dir,
        resume: false,
        onBatch: (metrics) => work?.tick(batchQueries(metrics.batch)),
      });
      options.onStage?.(`evaluating λt=${lambdaT}${seedNote(seed)}`);
      const { summary } = await evaluateController({
        checkpoint: trained.checkpointDir,
        task: options.task,
        dataset: options.test,
        backend,
        greedy: options.greedy,
        queriesInFlight: options.queriesInFlight,
        out: join(dir, 'eval'),
        onResult: () => work?.tick(1),
      });
      rows.push(row(`lamas λt=${lambdaT}`, 'controller', summary, options, { lambdaT, checkpoint: trained.checkpointDir }));
    }
  }
  for (const baseline of options.baselines) {
    // Several models: a baseline names its nodes' models (`CoT@big`), the first one by default.
    const topology = bindTopologyModels(resolveTopology(baseline, options.task.name), declaredModels(options.backend).map((model) => model.name), '--baselines');
    for (const seed of seeds) {
      options.onStage?.(`baseline ${baseline}${seedNote(seed)}`);
      const { summary } = await runBenchmark({
        task: options.task,
        dataset: options.test,
        topologyFor: () => topology,
        scheduler: 'layer',
        backend: { ...options.backend, seed },
        queriesInFlight: options.queriesInFlight,
        out: seedDir(baselineDir(options.out, baseline), seed, seeds),
        runId: seeds.length === 1 ? `sweep-${baseline}` : `sweep-${baseline}-seed-${seed}`,
        onResult: () => work?.tick(1),
      });
      rows.push(row(baseline, 'baseline', summary, options, { lambdaT: null, checkpoint: null }));
    }
  }
  const csvPath = join(options.out, 'sweep.csv');
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

function row(name: string, kind: SweepRow['kind'], summary: RunSummary | EvaluationSummary, options: SweepOptions, extra: { lambdaT: number | null; checkpoint: string | null }): SweepRow {
  const adaptivity = 'adaptivity' in summary ? summary.adaptivity : null;
  return {
    name,
    kind,
    lambdaT: extra.lambdaT,
    lambdaC: kind === 'controller' ? options.config.lambdaC : null,
    accuracy: summary.accuracy,
    cpTokensMean: summary.cpTokens.mean,
    cpTokensP95: summary.cpTokens.p95,
    cpWallMsMean: summary.cpWallMs.mean,
    costUsd: summary.costUsd,
    costPerQueryUsd: summary.n === 0 ? 0 : summary.costUsd / summary.n,
    n: summary.n,
    simulated: summary.simulated,
    backend: summary.backend,
    seed: summary.seed,
    checkpoint: extra.checkpoint,
    rules: 'rules' in summary ? summary.rules : null,
    distinctTopologies: adaptivity?.distinctTopologies ?? null,
    topologyEntropyBits: adaptivity?.entropyBits ?? null,
    mostCommonShare: adaptivity?.mostCommonShare ?? null,
    mostCommonAccuracy: adaptivity?.mostCommonOnEvery?.accuracy ?? null,
    mostCommonCpTokensMean: adaptivity?.mostCommonOnEvery?.cpTokensMean ?? null,
  };
}
