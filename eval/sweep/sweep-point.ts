import { join } from 'node:path';
import type { BackendOptions } from '../../src/backend/backend-options.ts';
import { resolveTopology } from '../../src/graph/named-topologies.ts';
import { bindTopologyModels } from '../../src/graph/bind-models.ts';
import { declaredModels } from '../../src/backend/model-declarations.ts';
import type { Task } from '../../src/tasks/task.ts';
import type { TrainConfig } from '../../train/train-config.ts';
import { trainController } from '../../train/train-controller.ts';
import { evaluateController } from '../evaluate-controller.ts';
import type { Dataset } from '../resolve-dataset.ts';
import { runBenchmark } from '../run-benchmark.ts';
import type { SweepRow } from './sweep-row.ts';
import { summarySweepRow } from './summary-sweep-row.ts';

/**
 * One unit of a sweep: a controller trained and evaluated at one λt, or a baseline run, for one
 * seed. The local sweep runs them one after another; a queued sweep (eval/queue/) runs each as a
 * job on some worker. Both go through runSweepPoint, so their files are the same bytes.
 */
export type SweepPointSpec =
  | { kind: 'controller'; lambdaT: number; seed: number; /** Relative to the sweep's out. */ dir: string }
  | { kind: 'baseline'; baseline: string; seed: number; dir: string; runId: string };

/** What every point of one sweep shares. */
export interface SweepContext {
  task: Task;
  train: Dataset;
  test: Dataset;
  config: TrainConfig;
  backend: BackendOptions;
  greedy: boolean;
  queriesInFlight: number;
}

export interface PointHooks {
  /** The point's name in stage lines (pointLabel). */
  label?: string;
  onStage?: (stage: string) => void;
  /** Queries done (trained or evaluated), as they finish. */
  tick?: (queries: number) => void;
  /** Continue the training from the checkpoint already in the point's directory (a retried job). */
  resume?: boolean;
  /** Told after each checkpoint is saved, with its step: a queued job stores it so a retry resumes there. */
  onCheckpoint?: (step: number) => Promise<void>;
  /** Told the step a (resumed) training starts at. */
  onTrainStart?: (step: number) => void;
}

const lambdaDir = (lambdaT: number) => `lambda-${lambdaT}`;
const baselineDir = (baseline: string) => `baseline-${baseline}`;
/** A single-seed sweep keeps the layout it always had; several seeds get a directory each. */
export const seedDir = (dir: string, seed: number, seeds: readonly number[]) => (seeds.length === 1 ? dir : join(dir, `seed-${seed}`));

/** Every point of a sweep, in the order the local sweep runs them and sweep.csv lists them. */
export function sweepPoints(lambdaTs: readonly number[], baselines: readonly string[], seeds: readonly number[]): SweepPointSpec[] {
  const controllers = lambdaTs.flatMap((lambdaT) => seeds.map((seed): SweepPointSpec => ({ kind: 'controller', lambdaT, seed, dir: seedDir(lambdaDir(lambdaT), seed, seeds) })));
  const fixed = baselines.flatMap((baseline) =>
    seeds.map((seed): SweepPointSpec => ({ kind: 'baseline', baseline, seed, dir: seedDir(baselineDir(baseline), seed, seeds), runId: seeds.length === 1 ? `sweep-${baseline}` : `sweep-${baseline}-seed-${seed}` })),
  );
  return [...controllers, ...fixed];
}

/** A point's label in progress lines and errors. */
export function pointLabel(point: SweepPointSpec, seeds: number): string {
  const seed = seeds > 1 ? ` seed ${point.seed}` : '';
  return point.kind === 'controller' ? `λt=${point.lambdaT}${seed}` : `baseline ${point.baseline}${seed}`;
}

/** The queries of one point, for progress: a controller's training passes and evaluation, or a baseline's run. */
export function pointWork(context: Pick<SweepContext, 'config' | 'train' | 'test'>, point: SweepPointSpec): number {
  const test = context.test.problems.length;
  return point.kind === 'controller' ? context.config.epochs * context.train.problems.length + test : test;
}

/** Runs one point into `dir` (its own directory, absolute) and returns its sweep.csv row. */
export async function runSweepPoint(context: SweepContext, point: SweepPointSpec, dir: string, hooks: PointHooks = {}): Promise<SweepRow> {
  const backend = { ...context.backend, seed: point.seed };
  const label = hooks.label ?? pointLabel(point, 1);
  if (point.kind === 'baseline') {
    hooks.onStage?.(label);
    // Several models: a baseline names its nodes' models (`CoT@big`), the first one by default.
    const topology = bindTopologyModels(resolveTopology(point.baseline, context.task.name), declaredModels(context.backend).map((model) => model.name), '--baselines');
    const { summary } = await runBenchmark({
      task: context.task,
      dataset: context.test,
      topologyFor: () => topology,
      scheduler: 'layer',
      backend,
      queriesInFlight: context.queriesInFlight,
      out: dir,
      runId: point.runId,
      onResult: () => hooks.tick?.(1),
    });
    return summarySweepRow(point.baseline, 'baseline', summary, { lambdaT: null, lambdaC: null, checkpoint: null });
  }
  const { config } = context;
  const batchQueries = (batch: number) => Math.min(config.batchSize, context.train.problems.length - batch * config.batchSize);
  hooks.onStage?.(`training ${label}`);
  const trained = await trainController({
    config: { ...config, lambdaT: point.lambdaT },
    task: context.task,
    problems: context.train.problems,
    trainData: context.train.file,
    backend,
    out: dir,
    resume: hooks.resume === true,
    onStart: (start) => hooks.onTrainStart?.(start.step),
    onBatch: (metrics) => hooks.tick?.(batchQueries(metrics.batch)),
    onCheckpoint: hooks.onCheckpoint,
  });
  hooks.onStage?.(`evaluating ${label}`);
  const { summary } = await evaluateController({
    checkpoint: trained.checkpointDir,
    task: context.task,
    dataset: context.test,
    backend,
    greedy: context.greedy,
    queriesInFlight: context.queriesInFlight,
    out: join(dir, 'eval'),
    onResult: () => hooks.tick?.(1),
  });
  return summarySweepRow(`lamas λt=${point.lambdaT}`, 'controller', summary, { lambdaT: point.lambdaT, lambdaC: config.lambdaC, checkpoint: trained.checkpointDir });
}
