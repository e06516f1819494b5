import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDataPath } from '../data/index.ts';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { loadCheckpoint } from '../src/controller/checkpoint.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import type { Task } from '../src/tasks/task.ts';
import { trainConfigSchema } from './train-config.ts';
import { type TrainRunOptions, type TrainStart, trainController } from './train-controller.ts';

/**
 * Issue 17.8: Ctrl-C during training. The batch in flight is cancelled and dropped whole (its
 * topologies are drawn again on resume), the checkpoint holds the last finished batch, and the
 * counts of a resumed run tell its own batches from the whole run's.
 */

const root = mkdtempSync(join(tmpdir(), 'lamas-train-interrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const limit = 16;
const config = trainConfigSchema.parse({ epochs: 2, checkpointEvery: 1 });
const backend = backendOptionsSchema.parse({ seed: 5 });

async function options(out: string, extra: Partial<TrainRunOptions>): Promise<TrainRunOptions> {
  const file = embeddedDataPath('gsm8k', 'train');
  const problems = (await gsm8kTask.load(file)).slice(0, limit);
  return { config, task: gsm8kTask as Task, problems, trainData: file, backend, out, resume: false, ...extra };
}

describe('an interrupted training run', () => {
  it('stopped in the middle of a batch and resumed, ends exactly as an uninterrupted run', async () => {
    const straight = join(root, 'straight');
    const stopped = join(root, 'stopped');
    await trainController(await options(straight, {}));

    // Ctrl-C while batch 4's queries are running (8 batches: 4 per pass, 2 passes).
    const interrupt = new AbortController();
    const first = await trainController(await options(stopped, { signal: interrupt.signal, onBatchStart: (step) => step === 4 && interrupt.abort() }));
    expect(first).toMatchObject({ interrupted: true, steps: 3, startStep: 0, totalSteps: 8, queries: 12, queriesTotal: 12 });
    expect((await loadCheckpoint(stopped)).training).toMatchObject({ step: 3, done: false });
    expect(readFileSync(join(stopped, 'metrics.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 3);

    const starts: TrainStart[] = [];
    const resumed = await trainController(await options(stopped, { resume: true, onStart: (start) => starts.push(start) }));
    expect(starts).toEqual([{ step: 3, totalSteps: 8, resumed: true }]);
    expect(resumed).toMatchObject({ interrupted: false, steps: 8, startStep: 3, totalSteps: 8, queries: 20, queriesTotal: 32 });

    const a = (await loadCheckpoint(straight)).weights;
    const b = (await loadCheckpoint(stopped)).weights;
    let maxDiff = 0;
    a.forEach((weight, i) => weight.values.forEach((value, j) => (maxDiff = Math.max(maxDiff, Math.abs(value - b[i]!.values[j]!)))));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    expect(readFileSync(join(stopped, 'metrics.csv'), 'utf8')).toBe(readFileSync(join(straight, 'metrics.csv'), 'utf8'));
  });
});
