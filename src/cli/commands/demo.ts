import { join } from 'node:path';
import { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runBenchmark } from '../../../eval/run-benchmark.ts';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { resolveTopology } from '../../graph/named-topologies.ts';
import { getTask } from '../../tasks/registry.ts';
import { createProgress } from '../progress.ts';
import { type NamedSummary, renderSummaryTable } from './render-summary.ts';

export const demoOptionsSchema = backendOptionsSchema.extend({
  task: z.string().default('gsm8k'),
  out: z.string().default('runs/demo'),
  json: z.boolean().default(false),
});
export type DemoOptions = z.infer<typeof demoOptionsSchema>;

/** The baselines of LAMaS Table 3 beside two multi-operator graphs, one run each. */
const contenders = [
  ['generate', 'generate'],
  ['cot', 'cot'],
  ['cot-sc', 'cot-sc'],
  ['layered', 'Generate, CoT, MultiCoT > SelfRefine, ScEnsemble'],
  ['programmer+sc', 'CoT, Programmer, MultiCoT > ScEnsemble'],
] as const;

export interface DemoResult {
  rows: NamedSummary[];
  out: string;
}

/**
 * The main job on the embedded default: the self-made test split on the simulated backend,
 * run through the baselines and two layered topologies in parallel operators.
 */
export async function demo(options: DemoOptions): Promise<DemoResult> {
  const task = getTask(options.task);
  const dataset = await resolveDataset(task, { split: 'test' });
  const rows: NamedSummary[] = [];
  for (const [name, spec] of contenders) {
    const topology = resolveTopology(spec, task.name);
    const progress = createProgress(`demo ${name}`, dataset.problems.length);
    const { summary } = await runBenchmark({
      task,
      dataset,
      topologyFor: () => topology,
      scheduler: 'layer',
      backend: options,
      queriesInFlight: 8,
      out: join(options.out, name),
      runId: `demo-${name}`,
      onResult: () => progress.tick(),
    }).finally(() => progress.stop());
    rows.push({ name: `${name} (${spec})`, summary });
  }
  return { rows, out: options.out };
}

export function renderDemo(result: DemoResult): string {
  return `${renderSummaryTable(result.rows)}\n\nrun directories (summary.json, results.jsonl, trace.jsonl): ${result.out}/<name>`;
}
