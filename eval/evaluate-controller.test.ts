import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { getTask } from '../src/tasks/registry.ts';
import { runCli } from '../test/capture-cli.ts';
import { trainConfigSchema } from '../train/train-config.ts';
import { trainController } from '../train/train-controller.ts';
import { evaluateController } from './evaluate-controller.ts';
import { type Dataset, resolveDataset } from './resolve-dataset.ts';

/**
 * evaluateController's two passes (the controller's, then its most common topology on every
 * query) are one evaluation: summary.json in --out holds what the caller gets (adaptivity
 * included, for `train`'s final evaluation too), and --max-cost caps both passes together.
 */
const root = mkdtempSync(join(tmpdir(), 'lamas-eval-controller-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const task = getTask('gsm8k');
const backend = backendOptionsSchema.parse({ cache: false });
let checkpoint = '';
let test: Dataset;

beforeAll(async () => {
  const train = await resolveDataset(task, { split: 'train', limit: 8 });
  test = await resolveDataset(task, { split: 'test', limit: 12 });
  const trained = await trainController({ config: trainConfigSchema.parse({ epochs: 1, batchSize: 4 }), task, problems: train.problems, trainData: train.file, backend, out: join(root, 'train'), resume: false });
  checkpoint = trained.checkpointDir;
});

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('evaluateController', { timeout: 300_000 }, () => {
  it("writes the whole summary (rules, topologies, adaptivity) to --out, as returned", async () => {
    const out = join(root, 'eval');
    const { summary } = await evaluateController({ checkpoint, task, dataset: test, backend, greedy: false, queriesInFlight: 4, out });
    expect(summary.adaptivity.mostCommonOnEvery).not.toBeNull();
    expect(readJson(join(out, 'summary.json'))).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  it('pays the most-common pass from the evaluation budget: a cap between one pass and two stops it, with the reason', async () => {
    const free = await evaluateController({ checkpoint, task, dataset: test, backend, greedy: false, queriesInFlight: 4 });
    const first = free.summary.costUsd;
    const second = free.summary.adaptivity.mostCommonOnEvery!.costUsd;
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    // Enough for the controller's pass, not for both: with a budget of its own the second pass would finish.
    const capped = await evaluateController({ checkpoint, task, dataset: test, backend: { ...backend, maxCost: first + second / 2 }, greedy: false, queriesInFlight: 4 });
    expect(capped.summary.budgetExceeded).toBe(false);
    expect(capped.summary.costUsd).toBeCloseTo(first, 12);
    expect(capped.summary.adaptivity.mostCommonOnEvery).toBeNull();
    expect(capped.summary.adaptivity.mostCommonSkipped).toMatch(/--max-cost was reached while the most common topology ran/);
    // A cap the controller's pass alone reaches: the second pass is not started.
    const tight = await evaluateController({ checkpoint, task, dataset: test, backend: { ...backend, maxCost: first / 2 }, greedy: false, queriesInFlight: 4 });
    expect(tight.summary.budgetExceeded).toBe(true);
    expect(tight.summary.adaptivity.mostCommonOnEvery).toBeNull();
    expect(tight.summary.adaptivity.mostCommonSkipped).toMatch(/reached during the evaluation/);
  });

  it("train's final eval/summary.json agrees with the eval block of train's summary.json", async () => {
    const out = join(root, 'train-cli');
    const testData = join(root, 'test.jsonl');
    writeFileSync(testData, `${readFileSync(test.file, 'utf8').split('\n').filter(Boolean).slice(0, 6).join('\n')}\n`);
    const run = await runCli(['train', '--task', 'gsm8k', '--split', 'train', '--limit', '8', '--batch-size', '4', '--epochs', '1', '--test-data', testData, '--no-cache', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const top = readJson(join(out, 'summary.json')) as { eval: { adaptivity?: unknown } };
    expect(top.eval.adaptivity).toBeDefined();
    expect(readJson(join(out, 'eval', 'summary.json'))).toEqual(top.eval);
  });
});
