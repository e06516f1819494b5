import { join } from 'node:path';
import type { BackendOptions } from '../../src/backend/backend-options.ts';
import { resolveTopology } from '../../src/graph/named-topologies.ts';
import type { RunSummary } from '../../src/graph/summarize-results.ts';
import type { Task } from '../../src/tasks/task.ts';
import { writeFileAtomic } from '../../src/util/atomic-write.ts';
import { withRunDirLocks } from '../../src/util/run-dir-lock.ts';
import type { TrainConfig } from '../../train/train-config.ts';
import { trainController } from '../../train/train-controller.ts';
import { evaluateController } from '../evaluate-controller.ts';
import type { Dataset } from '../resolve-dataset.ts';
import { runBenchmark } from '../run-benchmark.ts';
import { renderParetoSvg } from './render-pareto-svg.ts';
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
  onStage?: (stage: string) => void;
}

export interface SweepResult {
  rows: SweepRow[];
  csv: string;
  svg: string;
  seconds: number;
}

/**
 * The paper's Figure 2 for any task: one controller trained and evaluated per lambda_t, the
 * fixed baselines once, all on the same test split; sweep.csv and pareto.svg in `out`.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  // One writer per sweep directory, and per run directory inside it: locking the λt and baseline
  // directories too makes a `train --out <out>/lambda-X` started earlier (or later) collide here.
  const dirs = [options.out, ...options.lambdaTs.map((lambdaT) => lambdaDir(options.out, lambdaT)), ...options.baselines.map((name) => baselineDir(options.out, name))];
  return withRunDirLocks(dirs, () => sweepInto(options), { flag: '--out' });
}

const lambdaDir = (out: string, lambdaT: number) => join(out, `lambda-${lambdaT}`);
const baselineDir = (out: string, baseline: string) => join(out, `baseline-${baseline}`);

async function sweepInto(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const rows: SweepRow[] = [];
  for (const lambdaT of options.lambdaTs) {
    options.onStage?.(`training λt=${lambdaT}`);
    const dir = lambdaDir(options.out, lambdaT);
    const trained = await trainController({
      config: { ...options.config, lambdaT },
      task: options.task,
      problems: options.train.problems,
      trainData: options.train.file,
      publicTests: options.train.publicTests,
      backend: options.backend,
      out: dir,
      resume: false,
    });
    options.onStage?.(`evaluating λt=${lambdaT}`);
    const { summary } = await evaluateController({
      checkpoint: trained.checkpointDir,
      task: options.task,
      dataset: options.test,
      backend: options.backend,
      greedy: options.greedy,
      queriesInFlight: options.queriesInFlight,
      out: join(dir, 'eval'),
    });
    rows.push(row(`lamas λt=${lambdaT}`, 'controller', summary, options, { lambdaT, checkpoint: trained.checkpointDir }));
  }
  for (const baseline of options.baselines) {
    options.onStage?.(`baseline ${baseline}`);
    const topology = resolveTopology(baseline, options.task.name);
    const { summary } = await runBenchmark({
      task: options.task,
      dataset: options.test,
      topologyFor: () => topology,
      scheduler: 'layer',
      backend: options.backend,
      queriesInFlight: options.queriesInFlight,
      out: baselineDir(options.out, baseline),
      runId: `sweep-${baseline}`,
    });
    rows.push(row(baseline, 'baseline', summary, options, { lambdaT: null, checkpoint: null }));
  }
  const csvPath = join(options.out, 'sweep.csv');
  await writeSweepCsv(csvPath, rows);
  const svg = await renderParetoSvg(rows, { title: 'Accuracy vs critical path', task: options.task.name });
  await writeFileAtomic(join(options.out, 'pareto.svg'), svg);
  return { rows, csv: csvPath, svg: join(options.out, 'pareto.svg'), seconds: (performance.now() - started) / 1000 };
}

function row(name: string, kind: SweepRow['kind'], summary: RunSummary, options: SweepOptions, extra: { lambdaT: number | null; checkpoint: string | null }): SweepRow {
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
  };
}
