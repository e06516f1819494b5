import type { z } from 'zod';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type EvaluateOptions, type EvaluationSummary, evaluateController } from '../../../eval/evaluate-controller.ts';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { loadCheckpoint } from '../../controller/checkpoint.ts';
import type { IncompleteTraceError } from '../../llm/trace-writer.ts';
import { getTask } from '../../tasks/registry.ts';
import { UsageError } from '../../util/errors.ts';
import { prepareOutDir } from '../../util/existing-run.ts';
import { withOutputFlag } from '../../util/output-errors.ts';
import { withRunDirLocks } from '../../util/run-dir-lock.ts';
import { InterruptedError, interruptedRun, withInterrupt } from '../interrupt.ts';
import { redisOptions } from '../../../eval/queue/queue-options.ts';
import { sweepDisplay } from './sweep.ts';
import { createProgress } from '../progress.ts';
import { renderSummaryTable } from './render-summary.ts';
import { withLlmCheck } from '../../backend/backend-options.ts';
import { evalFlags } from '../command-options.ts';
import { renderAdaptivity } from '../../../eval/adaptivity.ts';

export const evalOptionsSchema = withLlmCheck(evalFlags);
export type EvalOptions = z.infer<typeof evalOptionsSchema>;

export interface EvalCommandResult {
  summary: EvaluationSummary;
  /** Some trace rows could not be written: the command prints its summary, then exits 1. */
  incompleteTrace?: IncompleteTraceError;
  /** Ctrl-C stopped the evaluation: the summary (marked partial) covers the queries that finished; exit 130. */
  interrupted?: InterruptedError;
}

export async function evaluate(options: EvalOptions): Promise<EvalCommandResult> {
  const out = options.out;
  if (options.overwrite && !out) throw new UsageError('only applies with --out', '--overwrite');
  // --overwrite deletes what --out holds: never the checkpoint being evaluated.
  if (options.overwrite && out && isInside(options.checkpoint, out)) throw new UsageError(`--checkpoint ${options.checkpoint} is inside ${out}, which --overwrite would delete; choose another --out (e.g. ${join(out, 'eval')})`, '--overwrite');
  checkQueueFlags(options);
  return withInterrupt(({ signal }) => (out ? withOutputFlag('--out', out, () => withRunDirLocks([out], () => evaluateInto(options, signal), { flag: '--out' })) : evaluateInto(options, signal)));
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** --queue and --shards, before anything is read, locked or written (--shards against the split's size once it is read). */
function checkQueueFlags(options: EvalOptions): void {
  if (options.shards !== undefined && !options.queue) throw new UsageError('only applies with --queue (the shards are jobs for `lamas worker`s)', '--shards');
  if (!options.queue) return;
  redisOptions(options.queue, '--queue');
  // Each shard would pay up to its own cap on its own machine: no one cap over the evaluation.
  if (options.maxCost !== undefined) throw new UsageError('cannot be held over shards run on several machines; drop it with --queue', '--max-cost');
}

async function evaluateInto(options: EvalOptions, signal: AbortSignal): Promise<EvalCommandResult> {
  const task = getTask(options.task ?? (await loadCheckpoint(options.checkpoint)).spec.task);
  const dataset = await resolveDataset(task, options);
  const shards = options.shards ?? 1;
  if (options.queue && shards > dataset.problems.length) throw new UsageError(`${shards} shards for ${dataset.problems.length} test problems: at most one shard per problem`, '--shards');
  // Once the inputs are read: a previous run in --out is refused, or deleted with --overwrite.
  if (options.out) prepareOutDir(options.out, { overwrite: options.overwrite });
  const evaluation = { checkpoint: options.checkpoint, task, dataset, backend: options, greedy: options.greedy, queriesInFlight: options.queriesInFlight, out: options.out, signal };
  if (options.queue) return { summary: await evaluateQueued(evaluation, { url: options.queue, attempts: options.attempts }, shards) };
  const progress = createProgress(`eval ${task.name}`, dataset.problems.length);
  const { summary, incompleteTrace, interrupted } = await evaluateController({ ...evaluation, onResult: () => progress.tick() }).finally(() => progress.stop());
  return { summary, ...(incompleteTrace ? { incompleteTrace } : {}), ...(interrupted ? { interrupted: interruptedRun(summary.n, dataset.problems.length, options.out) } : {}) };
}

/** The evaluation as --shards jobs for `lamas worker`s: a bar of the jobs' queries over both passes (run-sharded-eval.ts). */
async function evaluateQueued(evaluation: EvaluateOptions, queue: { url: string; attempts: number }, shards: number): Promise<EvaluationSummary> {
  // Loaded only for a queued evaluation: a local one never touches BullMQ.
  const { runShardedEval } = await import('../../../eval/queue/run-sharded-eval.ts');
  const display = sweepDisplay('eval', evaluation.task.name);
  const work = display.progress(2 * evaluation.dataset.problems.length);
  const summary = await runShardedEval({ ...evaluation, queue, shards, onStage: display.onStage, tick: work.tick }).finally(display.stop);
  if (!summary) throw new InterruptedError('interrupted (Ctrl-C): nothing written; the shard jobs stay on the queue, and the same command run again collects them');
  return summary;
}

export function renderEvaluation(summary: EvaluationSummary): string {
  const lines = [renderSummaryTable([{ name: summary.greedy ? 'greedy' : 'sampled', summary }]), '', `rules: ${summary.rules}`, ...renderAdaptivity(summary.adaptivity, summary), 'topologies chosen:'];
  for (const [topology, count] of Object.entries(summary.topologies).slice(0, 10)) lines.push(`  ${String(count).padStart(4)}  ${topology}`);
  return lines.join('\n');
}
