import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getTask } from '../src/tasks/registry.ts';
import { loadCheckpoint, saveCheckpoint, type TrainingState } from '../src/controller/checkpoint.ts';
import type { ControllerSpec } from '../src/controller/controller-spec.ts';
import { Random } from '../src/util/random.ts';
import { trainConfigSchema } from './train-config.ts';
import { restoreCheckpoint } from './training-checkpoint.ts';

/** Issue 13: the checkpoint stores the TrainConfig it was trained with; older checkpoints stay loadable. */

const root = mkdtempSync(join(tmpdir(), 'lamas-trained-with-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = trainConfigSchema.parse({ lambdaT: 0.02, epochs: 3, hidden: 16, depth: 2, encoder: 'hash:64' });
const spec: ControllerSpec = {
  task: 'gsm8k',
  operators: [...getTask('gsm8k').operators],
  encoder: { spec: 'hash:64', dimension: 64 },
  architecture: { kind: 'mlp', hidden: 16, depth: 2 },
  layers: config.layers,
  threshold: config.threshold,
  rules: config.rules,
};
const training: TrainingState = { pass: 0, batch: 1, step: 1, done: false, budgetExceeded: false, ema: { mean: 0, std: 1, initialized: true }, rngState: Random.fromSeed(1).state(), spentUsd: 0 };
const run = { config, seed: 3, trainData: 'train.jsonl' };

async function saved(name: string, edit?: (json: Record<string, unknown>) => void): Promise<string> {
  const dir = join(root, name);
  await saveCheckpoint(dir, { spec, trainedWith: run, training, weights: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }], optimizer: [] });
  if (edit) {
    const json = JSON.parse(readFileSync(join(dir, 'controller.json'), 'utf8')) as Record<string, unknown>;
    edit(json);
    writeFileSync(join(dir, 'controller.json'), JSON.stringify(json));
  }
  return dir;
}

describe('the config a checkpoint was trained with', () => {
  it('is the parsed TrainConfig itself, with the seed and training file', async () => {
    const dir = await saved('current');
    const json = JSON.parse(readFileSync(join(dir, 'controller.json'), 'utf8'));
    expect(json.trainedWith).toEqual({ config, seed: 3, trainData: 'train.jsonl' });
    expect(json.hyperparameters).toBeUndefined();
    expect(await restoreCheckpoint(dir, spec, run)).not.toBeNull();
  });

  it('--resume refuses any different config field, seed or training file, naming it', async () => {
    const dir = await saved('mismatch');
    await expect(restoreCheckpoint(dir, spec, { ...run, config: { ...config, lambdaC: 1 } })).rejects.toThrow('--resume with a different lambdaC than');
    await expect(restoreCheckpoint(dir, spec, { ...run, config: { ...config, learningRate: 0.1 } })).rejects.toThrow('--resume with a different learningRate than');
    await expect(restoreCheckpoint(dir, spec, { ...run, seed: 4 })).rejects.toThrow('--resume with a different seed than');
    await expect(restoreCheckpoint(dir, spec, { ...run, trainData: 'other.jsonl' })).rejects.toThrow('--resume with a different trainData than');
    await expect(restoreCheckpoint(dir, { ...spec, layers: 2 }, { ...run, config: { ...config, layers: 2 } })).rejects.toThrow('--resume with a different layers than');
  });

  it('is validated with the trainer schema on resume: a damaged field is named', async () => {
    const dir = await saved('damaged', (json) => {
      (json.trainedWith as { config: Record<string, unknown> }).config.lambdaT = -1;
    });
    await expect(restoreCheckpoint(dir, spec, run)).rejects.toThrow('controller.json field "trainedWith.config.lambdaT"');
    const none = await saved('none', (json) => delete json.trainedWith);
    await expect(loadCheckpoint(none)).rejects.toThrow('controller.json field "trainedWith": missing');
  });

  it('takes the defaults for fields a checkpoint predates', async () => {
    const dir = await saved('older-config', (json) => {
      delete (json.trainedWith as { config: Record<string, unknown> }).config.checkpointEvery;
    });
    expect(await restoreCheckpoint(dir, spec, run)).not.toBeNull();
    await expect(restoreCheckpoint(dir, spec, { ...run, config: { ...config, checkpointEvery: 5 } })).rejects.toThrow('different checkpointEvery');
  });

  it('a checkpoint from before the entropy schedule kept its one weight: resumes as constant, refuses the new default end weight', async () => {
    const constant = { ...run, config: { ...config, entropy: 0.05 } };
    const dir = join(root, 'before-schedule');
    await saveCheckpoint(dir, { spec, trainedWith: constant, training, weights: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }], optimizer: [] });
    const json = JSON.parse(readFileSync(join(dir, 'controller.json'), 'utf8'));
    expect(json.trainedWith.config.entropyEnd).toBeUndefined();
    // The trainer resolves both weights before it compares (train-controller.ts).
    expect(await restoreCheckpoint(dir, spec, { ...constant, config: { ...constant.config, entropyEnd: 0.05 } })).not.toBeNull();
    await expect(restoreCheckpoint(dir, spec, { ...constant, config: { ...constant.config, entropyEnd: 0 } })).rejects.toThrow('--resume with a different entropyEnd than');
  });

  it('a checkpoint from before --credit-baseline centred credits on the batch EMA: resumes as batch, refuses the new default', async () => {
    const dir = join(root, 'before-query-baseline');
    await saveCheckpoint(dir, { spec, trainedWith: run, training, weights: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }], optimizer: [] });
    expect(JSON.parse(readFileSync(join(dir, 'controller.json'), 'utf8')).trainedWith.config.creditBaseline).toBeUndefined();
    expect(await restoreCheckpoint(dir, spec, { ...run, config: { ...config, creditBaseline: 'batch' } })).not.toBeNull();
    await expect(restoreCheckpoint(dir, spec, { ...run, config: { ...config, creditBaseline: 'query' } })).rejects.toThrow('--resume with a different creditBaseline than');
  });

  it('a checkpoint of the older format (hyperparameters) loads, resumes with the same config and refuses another', async () => {
    const dir = await saved('legacy', (json) => {
      delete json.trainedWith;
      delete (json.spec as Record<string, unknown>).rules;
      json.hyperparameters = { lambdaT: 0.02, lambdaC: 3, cpCredit: true, learningRate: 0.01, batchSize: 4, passes: 3, seed: 3, checkpointEvery: 10, trainData: 'train.jsonl' };
    });
    // Checkpoints of that format predate rule sets: their spec names none, they were trained with the legacy rules and no entropy bonus.
    const loaded = await loadCheckpoint(dir);
    expect(trainConfigSchema.parse(loaded.trainedWith.config)).toEqual({ ...config, rules: 'lamas' });
    expect(loaded.trainedWith).toMatchObject({ seed: 3, trainData: 'train.jsonl' });
    const legacy = { spec: { ...spec, rules: 'legacy' as const }, run: { ...run, config: { ...config, rules: 'legacy' as const, entropy: 0 } } };
    expect(await restoreCheckpoint(dir, legacy.spec, legacy.run)).not.toBeNull();
    await expect(restoreCheckpoint(dir, spec, run)).rejects.toThrow('--resume with a different rules than');
    await expect(restoreCheckpoint(dir, legacy.spec, { ...legacy.run, config: { ...legacy.run.config, epochs: 4 } })).rejects.toThrow('--resume with a different epochs than');
  });
});
