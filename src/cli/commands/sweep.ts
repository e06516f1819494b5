import type { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runSweep, type SweepResult } from '../../../eval/sweep/run-sweep.ts';
import { trainConfigSchema } from '../../../train/train-config.ts';
import { resolveCachePath } from '../../backend/create-llm-client.ts';
import { resolveLlm } from '../../backend/provider-registry.ts';
import { getTask } from '../../tasks/registry.ts';
import { withOutputFlag } from '../../util/output-errors.ts';
import { createProgress, type Progress } from '../progress.ts';
import { withLlmCheck } from '../../backend/backend-options.ts';
import { sweepFlags } from '../command-options.ts';
import { redisOptions } from '../../../eval/queue/queue-options.ts';

export const sweepOptionsSchema = withLlmCheck(sweepFlags);
export type SweepCommandOptions = z.infer<typeof sweepOptionsSchema>;

export async function sweep(options: SweepCommandOptions): Promise<SweepResult> {
  // A bad --queue URL is told before anything is read, locked or written.
  if (options.queue) redisOptions(options.queue, '--queue');
  const task = getTask(options.task);
  const train = await resolveDataset(task, { data: options.data, split: options.data ? undefined : options.split, limit: options.limit });
  const test = await resolveDataset(task, { data: options.testData, split: options.testData ? undefined : options.testSplit });
  const { provider } = resolveLlm(options.llm);
  if (options.seeds && options.seeds.length > 1 && !provider.seeded && resolveCachePath(provider, options.cache) !== undefined) {
    // The seed reaches neither the provider nor the cache key: cached answers are replayed for every seed.
    process.stderr.write('sweep: with a response cache every seed replays the same model answers, so the seeds vary only the controllers (initialisation, data order, sampling); add --no-cache for fresh samples per seed\n');
  }
  const display = sweepDisplay('sweep', task.name);
  const out = options.out;
  return withOutputFlag('--out', out, () => runSweep({
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
    seeds: options.seeds,
    png: options.png,
    ...(options.queue ? { queue: { url: options.queue, attempts: options.attempts } } : {}),
    overwrite: options.overwrite,
    onStage: display.onStage,
    progress: display.progress,
  })).finally(display.stop);
}

/**
 * Progress of a sweep or the demo over all its work: on a TTY one bar with an ETA whose note
 * names the stage; otherwise a line per stage and a line every 10% of the work.
 */
export function sweepDisplay(command: string, task: string, stream: NodeJS.WriteStream = process.stderr) {
  let stage = '';
  let progress: Progress | undefined;
  return {
    onStage: (text: string) => {
      stage = text;
      if (!stream.isTTY) stream.write(`${command}: ${text}\n`);
    },
    progress: (total: number) => {
      const bar = createProgress(`${command} ${task}`, total, stream);
      progress = bar;
      return { tick: (delta: number) => bar.tick(delta, stage) };
    },
    stop: () => progress?.stop(),
  };
}

export function renderSweep(result: SweepResult): string {
  const seeded = result.points.some((point) => point.seeds.length > 1);
  const header = seeded
    ? `${'name'.padEnd(20)} ${'accuracy % [min, max]'.padEnd(25)} ${'CP tokens [min, max]'.padEnd(28)} ${'cost/query $'.padStart(13)}  seeds`
    : `${'name'.padEnd(20)} ${'accuracy'.padStart(9)} ${'CP tokens'.padStart(10)} ${'cost/query $'.padStart(13)}`;
  // Several seeds: one line per point, the mean and [min, max] over its seeds.
  const withRange = (spread: { mean: number; min: number; max: number }, digits: number, scale = 1) =>
    `${(spread.mean * scale).toFixed(digits)} [${(spread.min * scale).toFixed(digits)}, ${(spread.max * scale).toFixed(digits)}]`;
  const lines = seeded
    ? result.points.map(({ name, seeds, spread }) => `${name.padEnd(20)} ${withRange(spread.accuracy, 2, 100).padEnd(25)} ${withRange(spread.cpTokensMean, 1).padEnd(28)} ${spread.costPerQueryUsd.mean.toFixed(6).padStart(13)}  ${seeds.length}`)
    : result.rows.map((row) => `${row.name.padEnd(20)} ${(row.accuracy * 100).toFixed(2).padStart(8)}% ${row.cpTokensMean.toFixed(1).padStart(10)} ${row.costPerQueryUsd.toFixed(6).padStart(13)}`);
  const simulated = result.rows.some((row) => row.simulated) ? ' (SIMULATED backend: not a model accuracy)' : '';
  return [`sweep in ${result.seconds.toFixed(1)} s${simulated}`, header, ...lines, '', `csv: ${result.csv}`, `plot: ${result.svg}`, ...(result.png ? [`png: ${result.png}`] : [])].join('\n');
}
