import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateController } from '../eval/evaluate-controller.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { getTask } from '../src/tasks/registry.ts';
import { trainConfigSchema } from './train-config.ts';
import { trainController } from './train-controller.ts';

/**
 * Issue 14, "Done when": training under the default rules on the demo data (the embedded GSM8K
 * train split, the demo's 2 passes at λt = 0.005, sampled evaluation on the test split, as
 * `lamas demo` does) must not collapse to one topology: the chosen-topology entropy stays at
 * least 0.1 bits, and nothing runs that the policy did not choose. The entropy bonus decays to 0
 * by the last step (train/entropy-schedule.ts), so this also checks that settling late is not collapsing.
 */
const root = mkdtempSync(join(tmpdir(), 'lamas-collapse-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('default rules on the demo data', { timeout: 600_000 }, () => {
  it('keeps choosing more than one topology (entropy >= 0.1 bits), with no forced generator', async () => {
    const task = getTask('gsm8k');
    const train = await resolveDataset(task, { split: 'train' });
    const test = await resolveDataset(task, { split: 'test' });
    const backend = backendOptionsSchema.parse({ cache: false });
    const config = trainConfigSchema.parse({ epochs: 2, lambdaT: 0.005 });
    expect(config.rules).toBe('lamas');
    const forced: number[] = [];
    const trained = await trainController({ config, task, problems: train.problems, trainData: train.file, backend, out: join(root, 'run'), resume: false, onBatch: (metrics) => forced.push(metrics.forcedGenerators) });
    expect(forced.every((share) => share === 0)).toBe(true);
    // The default schedule, as the checkpoint records it: the bonus decays from 0.05 to nothing by the last step.
    const saved = JSON.parse(readFileSync(join(trained.checkpointDir, 'controller.json'), 'utf8')) as { trainedWith: { config: Record<string, unknown> } };
    expect(saved.trainedWith.config).toMatchObject({ entropy: 0.05, entropyEnd: 0, creditBaseline: 'query' });
    const { summary } = await evaluateController({ checkpoint: trained.checkpointDir, task, dataset: test, backend, greedy: false, queriesInFlight: 8 });
    expect(summary.rules).toBe('lamas');
    expect(summary.adaptivity.entropyBits).toBeGreaterThanOrEqual(0.1);
    expect(summary.adaptivity.distinctTopologies).toBeGreaterThan(1);
    expect(summary.adaptivity.mostCommonOnEvery).not.toBeNull();
  });
});
