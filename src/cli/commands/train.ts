import type { z } from 'zod';
import { join } from 'node:path';
import { type EvaluationSummary, evaluateController } from '../../../eval/evaluate-controller.ts';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { trainConfigSchema } from '../../../train/train-config.ts';
import type { RewardWeights } from '../../../train/reward.ts';
import { trainController, type TrainResult } from '../../../train/train-controller.ts';
import { TraceWriteError } from '../../llm/trace-writer.ts';
import { getTask } from '../../tasks/registry.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { UsageError } from '../../util/errors.ts';
import { checkResumable, clearRunDir, describeExistingRun, type ExistingRun, findExistingRun, prepareOutDir } from '../../util/existing-run.ts';
import { withOutputFlag } from '../../util/output-errors.ts';
import { withRunDirLocks } from '../../util/run-dir-lock.ts';
import { InterruptedError, withInterrupt } from '../interrupt.ts';
import { createProgress, type Progress } from '../progress.ts';
import { renderSummaryTable } from './render-summary.ts';
import { withLlmCheck } from '../../backend/backend-options.ts';
import { trainFlags } from '../command-options.ts';
import { renderAdaptivity } from '../../../eval/adaptivity.ts';

export const trainOptionsSchema = withLlmCheck(trainFlags);
export type TrainOptions = z.infer<typeof trainOptionsSchema>;

export interface TrainCommandResult {
  training: TrainResult & { queriesPerSecond: number } & RewardWeights;
  eval: EvaluationSummary | null;
  out: string;
  /** Ctrl-C stopped training or its final evaluation (summary.json says so too). */
  partial?: true;
  /** Ctrl-C: what was kept and how to go on; the command exits 130. Not part of summary.json. */
  interrupted?: InterruptedError;
}

export async function train(options: TrainOptions): Promise<TrainCommandResult> {
  const task = getTask(options.task);
  const out = options.out ?? join('checkpoints', `${task.name}-lt${options.lambdaT}${options.cpCredit ? '' : '-nocp'}-seed${options.seed}`);
  if (options.resume && options.overwrite) throw new UsageError('cannot be combined with --resume (--resume continues the run in --out, --overwrite deletes it)', '--overwrite');
  // --resume needs a run to continue: a missing or empty --out is refused before anything is created.
  const resumed = options.resume ? checkResumable(out) : undefined;
  // One writer per run directory: a second trainer would interleave metrics.csv and checkpoints.
  return withInterrupt(({ signal }) => withOutputFlag('--out', out, () => withRunDirLocks([out], () => trainInto(out, task, options, signal, resumed), { flag: '--out' })));
}

async function trainInto(out: string, task: ReturnType<typeof getTask>, options: TrainOptions, signal: AbortSignal, resumed: ExistingRun | undefined): Promise<TrainCommandResult> {
  const trainSet = await resolveDataset(task, { data: options.data, split: options.data ? undefined : options.split, limit: options.limit, publicTests: options.publicTests });
  // Read before training, so an unusable --test-data (an empty file) fails before hours are spent.
  const testSet = options.eval ? await resolveDataset(task, { data: options.testData, split: options.testData ? undefined : options.testSplit }) : undefined;
  // Another run in --out (even one of another task, or one just stopped) is refused unless --overwrite or --resume.
  if (!resumed) prepareOutDir(out, { overwrite: options.overwrite, resumable: true });
  else if (!resumed.training.checkpoint) process.stderr.write(`lamas: --resume: ${out} has no checkpoint yet (${describeExistingRun(resumed)}): training starts again from step 0\n`);
  // Made once the trainer knows where it starts: a resumed run's bar starts at its step.
  let progress: Progress | undefined;
  const result = await trainController({
    config: trainConfigSchema.parse(options),
    task,
    problems: trainSet.problems,
    trainData: trainSet.file,
    backend: options,
    out,
    resume: options.resume,
    signal,
    onStart: (start) => {
      if (start.resumed) process.stderr.write(`train: resuming from step ${start.step} of ${start.totalSteps} (${join(out, 'checkpoint')})${start.step >= start.totalSteps ? ': training is already done' : ''}\n`);
      progress = createProgress(`train ${task.name}`, start.totalSteps, process.stderr, start.step);
    },
    onBatch: (metrics) => progress?.tick(1, `reward ${metrics.meanReward.toFixed(3)} acc ${(metrics.accuracy * 100).toFixed(0)}% cp ${metrics.cpTokens.toFixed(0)} ops/layer ${metrics.operatorsPerLayer.toFixed(2)}`),
  }).finally(() => progress?.stop());
  const training = { ...result, queriesPerSecond: result.queries / Math.max(result.seconds, 1e-9), lambdaT: options.lambdaT, lambdaC: options.lambdaC, cpCredit: options.cpCredit };
  let evaluation: EvaluationSummary | null = null;
  let interrupted: InterruptedError | undefined;
  if (result.interrupted) {
    interrupted = new InterruptedError(
      `interrupted (Ctrl-C) at step ${result.steps} of ${result.totalSteps}: the checkpoint ${result.checkpointDir} holds every finished batch (metrics.csv too); continue with the same command plus --resume`,
    );
  } else if (testSet) {
    const evalOut = join(out, 'eval');
    // A resumed run evaluates again: the earlier (or stopped) evaluation's files go first, so its trace is not appended to.
    if (findExistingRun(evalOut)) clearRunDir(evalOut);
    // Training's record must be whole: a trace row that cannot be written stops the evaluation (exit 1).
    const evalProgress = createProgress(`eval ${task.name}`, testSet.problems.length);
    const evaluated = await evaluateController({ checkpoint: result.checkpointDir, task, dataset: testSet, backend: { ...options, maxCost: undefined }, greedy: options.greedy, queriesInFlight: options.queriesInFlight, out: evalOut, onTraceError: 'stop', signal, onResult: () => evalProgress.tick() })
      .catch((error: unknown) => {
        if (!(error instanceof TraceWriteError)) throw error;
        throw error.withDetail(`training finished and its checkpoint ${result.checkpointDir} is complete, but the final evaluation was stopped rather than go on unrecorded (free space, then: lamas eval --checkpoint ${result.checkpointDir} --out ${evalOut} --overwrite)`);
      })
      .finally(() => evalProgress.stop());
    evaluation = evaluated.summary;
    if (evaluated.interrupted) {
      interrupted = new InterruptedError(
        `interrupted (Ctrl-C) during the final evaluation: training is done (checkpoint ${result.checkpointDir}); ${evaluated.summary.n} of ${testSet.problems.length} evaluation queries finished, their results and a partial summary are in ${evalOut}; evaluate in full with: lamas eval --checkpoint ${result.checkpointDir} --out ${evalOut} --overwrite`,
      );
    }
  }
  const summary = { training, eval: evaluation, out, ...(interrupted ? { partial: true as const } : {}) };
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return interrupted ? { ...summary, interrupted } : summary;
}

/** `--json`: the final eval's summary (DESIGN §5) with the training stats added. */
export function trainJson(result: TrainCommandResult): object {
  return { ...(result.eval ?? {}), training: result.training, out: result.out, ...(result.partial ? { partial: true } : {}) };
}

export function renderTrainResult(result: TrainCommandResult): string {
  const t = result.training;
  // Counts of this process first; a resumed or stopped run then says where the whole run stands.
  const thisProcess = `${t.steps - t.startStep} batches (${t.queries} queries) in ${t.seconds.toFixed(1)} s, ${t.queriesPerSecond.toFixed(1)} queries/s on tfjs-${t.tfBackend}`;
  const stopped = t.budgetExceeded ? ' — stopped: budget reached' : t.interrupted ? ' — stopped: interrupted (Ctrl-C)' : '';
  const whole = t.startStep > 0 || t.steps < t.totalSteps ? `; ${t.steps} of ${t.totalSteps} batches (${t.queriesTotal} queries) done in total` : '';
  const lines = [
    `${t.startStep > 0 ? `resumed at step ${t.startStep} of ${t.totalSteps}: trained ${thisProcess} in this process` : `trained ${thisProcess}`}${whole}${stopped}`,
    `objective: λt=${t.lambdaT}, λc=${t.lambdaC}, ${t.cpCredit ? 'critical-path credit' : 'no critical-path credit (--no-cp-credit: every operator gets the latency penalty)'}`,
    `checkpoint: ${t.checkpointDir}`,
  ];
  if (result.eval) {
    const name = `lamas λt=${t.lambdaT}${t.cpCredit ? '' : ' no-cp-credit'}${result.eval.partial ? ' (partial)' : ''}`;
    lines.push('', renderSummaryTable([{ name, summary: result.eval }]), '', `rules: ${result.eval.rules}`, ...renderAdaptivity(result.eval.adaptivity, result.eval), 'topologies chosen:');
    for (const [topology, count] of Object.entries(result.eval.topologies).slice(0, 8)) lines.push(`  ${String(count).padStart(4)}  ${topology}`);
  }
  return lines.join('\n');
}
