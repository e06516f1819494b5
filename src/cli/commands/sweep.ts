import { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runSweep, type SweepResult } from '../../../eval/sweep/run-sweep.ts';
import { trainConfigSchema } from '../../../train/train-config.ts';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { getTask } from '../../tasks/registry.ts';

const numberList = (flag: string) =>
  z.preprocess(
    (value) => String(value).split(',').map((part) => Number(part.trim())),
    z.array(z.number({ error: `${flag} must be numbers separated by commas` }).nonnegative()).min(1),
  );

export const sweepOptionsSchema = backendOptionsSchema.merge(trainConfigSchema.omit({ lambdaT: true })).extend({
  task: z.string({ error: 'is required (gsm8k, math or humaneval)' }),
  lambdaT: numberList('--lambda-t').default([0, 0.001, 0.005, 0.02]),
  baselines: z.string().default('generate,cot,cot-sc'),
  data: z.string().optional(),
  split: z.string().default('train'),
  testData: z.string().optional(),
  testSplit: z.string().default('test'),
  limit: z.coerce.number().int().positive().optional(),
  greedy: z.boolean().default(false),
  queriesInFlight: z.coerce.number().int().positive().default(4),
  out: z.string({ error: 'is required (where sweep.csv and pareto.svg go)' }),
  json: z.boolean().default(false),
});
export type SweepCommandOptions = z.infer<typeof sweepOptionsSchema>;

export async function sweep(options: SweepCommandOptions): Promise<SweepResult> {
  const task = getTask(options.task);
  const train = await resolveDataset(task, { data: options.data, split: options.data ? undefined : options.split, limit: options.limit });
  const test = await resolveDataset(task, { data: options.testData, split: options.testData ? undefined : options.testSplit });
  return runSweep({
    task,
    train,
    test,
    lambdaTs: options.lambdaT,
    baselines: options.baselines.split(',').map((name) => name.trim()).filter(Boolean),
    config: trainConfigSchema.parse({ ...options, lambdaT: 0 }),
    backend: options,
    greedy: options.greedy,
    queriesInFlight: options.queriesInFlight,
    out: options.out,
    onStage: (stage) => process.stderr.write(`sweep: ${stage}\n`),
  });
}

export function renderSweep(result: SweepResult): string {
  const header = `${'name'.padEnd(20)} ${'accuracy'.padStart(9)} ${'CP tokens'.padStart(10)} ${'cost/query $'.padStart(13)}`;
  const lines = result.rows.map((row) => `${row.name.padEnd(20)} ${(row.accuracy * 100).toFixed(2).padStart(8)}% ${row.cpTokensMean.toFixed(1).padStart(10)} ${row.costPerQueryUsd.toFixed(6).padStart(13)}`);
  const simulated = result.rows.some((row) => row.simulated) ? ' (SIMULATED backend: not a model accuracy)' : '';
  return [`sweep in ${result.seconds.toFixed(1)} s${simulated}`, header, ...lines, '', `csv: ${result.csv}`, `plot: ${result.svg}`].join('\n');
}
