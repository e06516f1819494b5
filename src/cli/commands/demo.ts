import { join } from 'node:path';
import type { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runSweep, type SweepResult } from '../../../eval/sweep/run-sweep.ts';
import { trainConfigSchema } from '../../../train/train-config.ts';
import { getTask } from '../../tasks/registry.ts';
import { withOutputFlag } from '../../util/output-errors.ts';
import { renderSweep, sweepDisplay } from './sweep.ts';
import { withLlmCheck } from '../../backend/backend-options.ts';
import { defaultDemoOut, demoFlags } from '../command-options.ts';
import { type DemoReplaySection, planDemoReplay, renderDemoReplay, runDemoReplay } from './demo-replay.ts';

export const demoOptionsSchema = withLlmCheck(demoFlags);
export type DemoOptions = z.infer<typeof demoOptionsSchema>;

/**
 * The main job on the embedded default: train a latency-aware controller (lambda_t = 0.005)
 * and the MaAS objective (lambda_t = 0) on the self-made training split with the simulated
 * backend, evaluate both beside the single-operator baselines on the test split, and write
 * sweep.csv and pareto.svg. When replay recordings are found (--replay-dir, $LAMAS_REPLAY_DIR,
 * the fetched copy or ../shared/replay), the same sweep then runs on gpt-4o-mini's replayed real
 * outputs in `<out>/replay` (demo-replay.ts); without them, one line says how to get them.
 */
export async function demo(options: DemoOptions): Promise<DemoResult> {
  const out = options.out ?? defaultDemoOut;
  // Resolved first: a --replay-dir that is not a folder is refused before the sim demo runs.
  const replay = planDemoReplay(options);
  const sim = await simDemo(options, out);
  return { ...sim, replay: replay.ran === false ? replay : await replaySection(replay.dir, options, out) };
}

export type DemoResult = SweepResult & { replay: DemoReplaySection };

async function replaySection(dir: string, options: DemoOptions, out: string): Promise<DemoReplaySection> {
  const display = sweepDisplay('demo replay', 'gsm8k');
  const config = trainConfigSchema.parse({ epochs: options.epochs });
  return withOutputFlag('--out', out, () => runDemoReplay({ dir, out: join(out, 'replay'), backend: options, config, onStage: display.onStage, progress: display.progress })).finally(display.stop);
}

async function simDemo(options: DemoOptions, out: string): Promise<SweepResult> {
  const task = getTask(options.task);
  const train = await resolveDataset(task, { split: 'train' });
  const test = await resolveDataset(task, { split: 'test' });
  const display = sweepDisplay('demo', task.name);
  return withOutputFlag('--out', out, () => runSweep({
    task,
    train,
    test,
    lambdaTs: [0, 0.005],
    baselines: ['generate', 'cot', 'cot-sc'],
    config: trainConfigSchema.parse({ epochs: options.epochs }),
    backend: options,
    greedy: false,
    queriesInFlight: 8,
    out,
    png: options.png,
    // `npm run demo` again replaces the previous demo in runs/demo (said on stderr).
    overwrite: options.overwrite || options.out === undefined,
    onStage: display.onStage,
    progress: display.progress,
  })).finally(display.stop);
}

export { defaultDemoOut };

export function renderDemo(result: DemoResult): string {
  const checkpoints = result.rows.filter((row) => row.checkpoint).map((row) => `  ${row.name}: ${row.checkpoint}`);
  return [renderSweep(result), 'checkpoints:', ...checkpoints, '', renderDemoReplay(result.replay, renderSweep)].join('\n');
}
