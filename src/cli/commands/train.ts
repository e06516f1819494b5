import { join } from 'node:path';
import { z } from 'zod';
import { type EvaluationSummary, evaluateController } from '../../../eval/evaluate-controller.ts';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { trainConfigSchema } from '../../../train/train-config.ts';
import { trainController, type TrainResult } from '../../../train/train-controller.ts';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { TraceWriteError } from '../../llm/trace-writer.ts';
import { getTask } from '../../tasks/registry.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { withRunDirLocks } from '../../util/run-dir-lock.ts';
import { createProgress } from '../progress.ts';
import { renderSummaryTable } from './render-summary.ts';

export const trainOptionsSchema = backendOptionsSchema.merge(trainConfigSchema).extend({
  task: z.string({ error: 'is required (gsm8k, math or humaneval)' }),
  data: z.string().optional(),
  split: z.string().default('train'),
  testData: z.string().optional(),
  testSplit: z.string().default('test'),
  limit: z.coerce.number().int().positive().optional(),
  publicTests: z.string().optional(),
  out: z.string().optional(),
  resume: z.boolean().default(false),
  eval: z.boolean().default(true),
  greedy: z.boolean().default(false),
  queriesInFlight: z.coerce.number().int().positive().default(4),
  json: z.boolean().default(false),
});
export type TrainOptions = z.infer<typeof trainOptionsSchema>;

export interface TrainCommandResult {
  training: TrainResult & { queriesPerSecond: number; lambdaT: number; lambdaC: number; cpCredit: boolean };
  eval: EvaluationSummary | null;
  out: string;
}

export async function train(options: TrainOptions): Promise<TrainCommandResult> {
  const task = getTask(options.task);
  const out = options.out ?? join('checkpoints', `${task.name}-lt${options.lambdaT}${options.cpCredit ? '' : '-nocp'}-seed${options.seed}`);
  // One writer per run directory: a second trainer would interleave metrics.csv and checkpoints.
  return withRunDirLocks([out], () => trainInto(out, task, options), { flag: '--out' });
}

async function trainInto(out: string, task: ReturnType<typeof getTask>, options: TrainOptions): Promise<TrainCommandResult> {
  const trainSet = await resolveDataset(task, { data: options.data, split: options.data ? undefined : options.split, limit: options.limit, publicTests: options.publicTests });
  const progress = createProgress(`train ${task.name}`, Math.ceil(trainSet.problems.length / options.batchSize) * options.epochs);
  const result = await trainController({
    config: trainConfigSchema.parse(options),
    task,
    problems: trainSet.problems,
    trainData: trainSet.file,
    publicTests: trainSet.publicTests,
    backend: options,
    out,
    resume: options.resume,
    onBatch: (metrics) => progress.tick(1, `reward ${metrics.meanReward.toFixed(3)} acc ${(metrics.accuracy * 100).toFixed(0)}% cp ${metrics.cpTokens.toFixed(0)} ops/layer ${metrics.operatorsPerLayer.toFixed(2)}`),
  }).finally(() => progress.stop());
  const training = { ...result, queriesPerSecond: result.queries / Math.max(result.seconds, 1e-9), lambdaT: options.lambdaT, lambdaC: options.lambdaC, cpCredit: options.cpCredit };
  let evaluation: EvaluationSummary | null = null;
  if (options.eval) {
    const testSet = await resolveDataset(task, { data: options.testData, split: options.testData ? undefined : options.testSplit });
    const evalOut = join(out, 'eval');
    // Training's record must be whole: a trace row that cannot be written stops the evaluation (exit 1).
    evaluation = (
      await evaluateController({ checkpoint: result.checkpointDir, task, dataset: testSet, backend: { ...options, maxCost: undefined }, greedy: options.greedy, queriesInFlight: options.queriesInFlight, out: evalOut, onTraceError: 'stop' }).catch((error: unknown) => {
        if (!(error instanceof TraceWriteError)) throw error;
        throw error.withDetail(`training finished and its checkpoint ${result.checkpointDir} is complete, but the final evaluation was stopped rather than go on unrecorded (free space, then: lamas eval --checkpoint ${result.checkpointDir} --out ${evalOut})`);
      })
    ).summary;
  }
  const summary = { training, eval: evaluation, out };
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** `--json`: the final eval's summary (DESIGN §5) with the training stats added. */
export function trainJson(result: TrainCommandResult): object {
  return { ...(result.eval ?? {}), training: result.training, out: result.out };
}

export function renderTrainResult(result: TrainCommandResult): string {
  const t = result.training;
  const lines = [
    `trained ${t.steps} batches (${t.queries} queries) in ${t.seconds.toFixed(1)} s, ${t.queriesPerSecond.toFixed(1)} queries/s on tfjs-${t.tfBackend}${t.budgetExceeded ? ' — stopped: budget reached' : ''}`,
    `checkpoint: ${t.checkpointDir}`,
  ];
  if (result.eval) {
    lines.push('', renderSummaryTable([{ name: `lamas λt=${t.lambdaT}`, summary: result.eval }]), '', 'topologies chosen:');
    for (const [topology, count] of Object.entries(result.eval.topologies).slice(0, 8)) lines.push(`  ${String(count).padStart(4)}  ${topology}`);
  }
  return lines.join('\n');
}
