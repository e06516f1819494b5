import { join } from 'node:path';
import { z } from 'zod';
import { type EvaluationSummary, evaluateController } from '../../../eval/evaluate-controller.ts';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { loadCheckpoint } from '../../controller/checkpoint.ts';
import type { IncompleteTraceError } from '../../llm/trace-writer.ts';
import { getTask } from '../../tasks/registry.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { withRunDirLocks } from '../../util/run-dir-lock.ts';
import { createProgress } from '../progress.ts';
import { renderSummaryTable } from './render-summary.ts';

export const evalOptionsSchema = backendOptionsSchema.extend({
  checkpoint: z.string({ error: 'is required (a checkpoint or training run directory)' }),
  task: z.string().optional(),
  data: z.string().optional(),
  split: z.string().optional(),
  limit: z.coerce.number().int().positive().optional(),
  publicTests: z.string().optional(),
  greedy: z.boolean().default(false),
  queriesInFlight: z.coerce.number().int().positive().default(4),
  out: z.string().optional(),
  json: z.boolean().default(false),
});
export type EvalOptions = z.infer<typeof evalOptionsSchema>;

export interface EvalCommandResult {
  summary: EvaluationSummary;
  /** Some trace rows could not be written: the command prints its summary, then exits 1. */
  incompleteTrace?: IncompleteTraceError;
}

export async function evaluate(options: EvalOptions): Promise<EvalCommandResult> {
  return options.out ? withRunDirLocks([options.out], () => evaluateInto(options), { flag: '--out' }) : evaluateInto(options);
}

async function evaluateInto(options: EvalOptions): Promise<EvalCommandResult> {
  const task = getTask(options.task ?? (await loadCheckpoint(options.checkpoint)).spec.task);
  const dataset = await resolveDataset(task, options);
  const progress = createProgress(`eval ${task.name}`, dataset.problems.length);
  const { summary, incompleteTrace } = await evaluateController({
    checkpoint: options.checkpoint,
    task,
    dataset,
    backend: options,
    greedy: options.greedy,
    queriesInFlight: options.queriesInFlight,
    out: options.out,
    onResult: () => progress.tick(),
  }).finally(() => progress.stop());
  if (options.out) await writeFileAtomic(join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return incompleteTrace ? { summary, incompleteTrace } : { summary };
}

export function renderEvaluation(summary: EvaluationSummary): string {
  const lines = [renderSummaryTable([{ name: summary.greedy ? 'greedy' : 'sampled', summary }]), '', 'topologies chosen:'];
  for (const [topology, count] of Object.entries(summary.topologies).slice(0, 10)) lines.push(`  ${String(count).padStart(4)}  ${topology}`);
  return lines.join('\n');
}
