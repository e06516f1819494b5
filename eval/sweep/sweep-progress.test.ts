import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backendOptionsSchema } from '../../src/backend/backend-options.ts';
import { sweepDisplay } from '../../src/cli/commands/sweep.ts';
import { getTask } from '../../src/tasks/registry.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { resolveDataset } from '../resolve-dataset.ts';
import { runSweep, sweepWork } from './run-sweep.ts';
import { recorder } from '../../test/fixtures/recording-stream.ts';

/** Issue 17.8: `sweep` and `demo` showed no bar and no ETA on a TTY, only a line per stage. */

const root = mkdtempSync(join(tmpdir(), 'lamas-sweep-progress-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sweep progress', () => {
  it('one bar with an ETA over the whole sweep (training, evaluation and baselines), counted in queries', async () => {
    const task = getTask('gsm8k');
    const train = await resolveDataset(task, { split: 'train', limit: 6 });
    const test = await resolveDataset(task, { split: 'test', limit: 3 });
    const { stream, text } = recorder(true);
    const display = sweepDisplay('sweep', 'gsm8k', stream);
    const totals: number[] = [];
    let ticked = 0;
    const options = {
      task,
      train,
      test,
      lambdaTs: [0, 0.005],
      baselines: ['generate'],
      // Batches of 4 over 6 problems: a short last batch, counted as 2 queries.
      config: trainConfigSchema.parse({ epochs: 2, checkpointEvery: 10 }),
      backend: backendOptionsSchema.parse({}),
      greedy: false,
      queriesInFlight: 4,
      out: join(root, 'sweep'),
      onStage: display.onStage,
      progress: (total: number) => {
        totals.push(total);
        const bar = display.progress(total);
        return { tick: (delta: number) => ((ticked += delta), bar.tick(delta)) };
      },
    };
    await runSweep(options).finally(display.stop);

    // 2 λt x (2 passes x 6 training queries + 3 test queries) + 1 baseline x 3 test queries
    expect(sweepWork(options, 1)).toBe(33);
    expect(totals).toEqual([33]);
    expect(ticked).toBe(33);
    const drawn = text();
    expect(drawn).toContain('sweep gsm8k [');
    expect(drawn).toContain('eta');
    expect(drawn).toContain('training λt=0');
    expect(drawn).toContain('33/33 100%');
    // On a TTY the stage is the bar's note, not a line of its own that would break the bar.
    expect(drawn).not.toContain('sweep: training');
  });

  it('without a TTY: a line per stage and a line every 10% of the whole sweep', () => {
    const { stream, text } = recorder(false);
    const display = sweepDisplay('demo', 'gsm8k', stream);
    display.onStage('training λt=0');
    const bar = display.progress(10);
    for (let i = 0; i < 5; i++) bar.tick(1);
    display.onStage('baseline cot');
    for (let i = 0; i < 5; i++) bar.tick(1);
    display.stop();
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe('demo: training λt=0');
    expect(lines).toContain('demo gsm8k: 5/10 training λt=0');
    expect(lines).toContain('demo: baseline cot');
    expect(lines.at(-1)).toBe('demo gsm8k: 10/10 baseline cot');
  });
});
