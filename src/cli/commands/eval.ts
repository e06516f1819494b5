import { join } from 'node:path';
import { z } from 'zod';
import { type EvaluationSummary, evaluateController } from '../../../eval/evaluate-controller.ts';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { loadCheckpoint } from '../../controller/checkpoint.ts';
import { getTask } from '../../tasks/registry.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
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

export async function evaluate(options: EvalOptions): Promise<EvaluationSummary> {
  const task = getTask(options.task ?? (await loadCheckpoint(options.checkpoint)).spec.task);
  const dataset = await resolveDataset(task, options);
  const progress = createProgress(`eval ${task.name}`, dataset.problems.length);
  const { summary } = await evaluateController({
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
  return summary;
}

export function renderEvaluation(summary: EvaluationSummary): string {
  const lines = [renderSummaryTable([{ name: summary.greedy ? 'greedy' : 'sampled', summary }]), '', 'topologies chosen:'];
  for (const [topology, count] of Object.entries(summary.topologies).slice(0, 10)) lines.push(`  ${String(count).padStart(4)}  ${topology}`);
  return lines.join('\n');
}
