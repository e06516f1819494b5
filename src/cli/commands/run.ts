import { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runBenchmark } from '../../../eval/run-benchmark.ts';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { schedulers } from '../../graph/execution-plan.ts';
import { resolveTopology } from '../../graph/named-topologies.ts';
import type { RunSummary } from '../../graph/summarize-results.ts';
import type { Topology } from '../../graph/topology.ts';
import { getTask } from '../../tasks/registry.ts';
import { createProgress } from '../progress.ts';
import { renderSummaryTable } from './render-summary.ts';

export const runOptionsSchema = backendOptionsSchema.extend({
  task: z.string({ error: 'is required (gsm8k, math or humaneval)' }),
  data: z.string().optional(),
  split: z.string().optional(),
  limit: z.coerce.number().int().positive().optional(),
  publicTests: z.string().optional(),
  topology: z.string().default('cot'),
  scheduler: z.enum(schedulers).default('layer'),
  final: z.enum(['majority', 'llm']).default('majority'),
  queriesInFlight: z.coerce.number().int().positive().default(4),
  out: z.string().optional(),
  json: z.boolean().default(false),
});
export type RunOptions = z.infer<typeof runOptionsSchema>;

export interface RunCommandResult {
  summary: RunSummary;
  out?: string;
}

export async function run(options: RunOptions): Promise<RunCommandResult> {
  const task = getTask(options.task);
  const topology = withFinal(resolveTopology(options.topology, task.name), options.final);
  const dataset = await resolveDataset(task, options);
  const progress = createProgress(`run ${task.name}`, dataset.problems.length);
  const { summary } = await runBenchmark({
    task,
    dataset,
    topologyFor: () => topology,
    scheduler: options.scheduler,
    backend: options,
    queriesInFlight: options.queriesInFlight,
    out: options.out,
    runId: `run-${task.name}-seed${options.seed}`,
    onResult: () => progress.tick(),
  }).finally(() => progress.stop());
  return { summary, out: options.out };
}

/** `--final llm`: an LLM ScEnsemble over the last layer, as a layer of its own. */
function withFinal(topology: Topology, final: 'majority' | 'llm'): Topology {
  return final === 'llm' ? { layers: [...topology.layers, ['ScEnsemble']] } : topology;
}

export function renderRunResult(result: RunCommandResult): string {
  return renderSummaryTable([{ name: 'run', summary: result.summary }]) + (result.out ? `\nrun directory: ${result.out}` : '');
}
