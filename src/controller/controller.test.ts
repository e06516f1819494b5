import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gsm8kTask } from '../tasks/gsm8k/index.ts';
import { Random } from '../util/random.ts';
import { CheckpointError, loadCheckpoint, MissingCheckpointError, saveCheckpoint } from './checkpoint.ts';
import { chooseTopology, drawUntil, topUntil } from './choose-topology.ts';
import { ControllerModel } from './controller-model.ts';
import type { ControllerSpec } from './controller-spec.ts';
import { createHashEncoder } from './encoders/index.ts';
import { loadController } from './load-controller.ts';
import { operatorEmbeddings } from './operator-embeddings.ts';
import { ensureTfBackend } from './tf-backend.ts';

const encoder = createHashEncoder({ dimension: 64 });
const spec = (kind: 'mlp' | 'maas' = 'mlp'): ControllerSpec => ({
  task: 'gsm8k',
  operators: [...gsm8kTask.operators],
  encoder: { spec: encoder.spec, dimension: 64 },
  architecture: { kind, hidden: 16, depth: 2 },
  layers: 4,
  threshold: 0.3,
});

describe('controller', () => {
  let embeddings: Float32Array[];
  let query: Float32Array;
  beforeAll(async () => {
    await ensureTfBackend();
    embeddings = await operatorEmbeddings(encoder, spec().operators);
    query = (await encoder.encode(['Tom has 3 apples and buys 5 more. How many apples?']))[0]!;
  });

  it('threshold sampling draws until the chosen mass passes the threshold; greedy takes the top ones', () => {
    const probs = [0.05, 0.5, 0.2, 0.25];
    expect(topUntil(probs, 0.3)).toEqual([1]);
    expect(topUntil([0.2, 0.15, 0.1, 0.55].map((p) => p), 0.6)).toEqual([3, 0]);
    const random = Random.fromSeed(1);
    for (let i = 0; i < 200; i++) {
      const chosen = drawUntil([0.1, 0.1, 0.15, 0.15, 0.2, 0.3], 0.3, random);
      const mass = chosen.reduce((sum, index) => sum + [0.1, 0.1, 0.15, 0.15, 0.2, 0.3][index]!, 0);
      expect(mass).toBeGreaterThan(0.3);
      expect(new Set(chosen).size).toBe(chosen.length);
      // Without the last draw the mass had not passed the threshold yet.
      expect(mass - [0.1, 0.1, 0.15, 0.15, 0.2, 0.3][chosen.at(-1)!]!).toBeLessThanOrEqual(0.3 + 1e-9);
    }
  });

  it.each(['mlp', 'maas'] as const)('%s: layer 0 always has a generator, EarlyStop ends the graph, probabilities sum to 1', (kind) => {
    const model = ControllerModel.create(spec(kind), embeddings, Random.fromSeed(3));
    const random = Random.fromSeed(4);
    for (let i = 0; i < 100; i++) {
      const { topology, probabilities, forcedGenerator } = chooseTopology(model, query, random);
      const generators = ['Generate', 'CoT', 'MultiCoT', 'Programmer'];
      expect(topology.layers[0]!.some((op) => generators.includes(op))).toBe(true);
      // A forced generator is the only one in layer 0: the controller's own choice had none.
      if (forcedGenerator !== null) expect(topology.layers[0]!.filter((op) => generators.includes(op))).toEqual([spec(kind).operators[forcedGenerator]]);
      const stop = topology.layers.findIndex((layer) => layer.includes('EarlyStop'));
      if (stop >= 0) expect(stop).toBe(topology.layers.length - 1);
      expect(topology.layers.length).toBeLessThanOrEqual(4);
      for (const layer of probabilities) expect(layer.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    model.dispose();
  });

  it('names the layer-0 generator the rule added when the controller chose none', () => {
    const operators = spec().operators;
    const layer0 = (weights: Record<string, number>) => operators.map((name) => weights[name] ?? 0.01);
    // A stand-in with the two members chooseTopology reads (the spec and a scorer), so the
    // probabilities are exactly the case under test.
    const stub = (probs: number[]) => ({ spec: spec(), scorer: () => () => [...probs] }) as unknown as ControllerModel;
    const forced = chooseTopology(stub(layer0({ EarlyStop: 0.9, CoT: 0.04 })), query, null);
    expect(forced.topology.layers).toEqual([['CoT', 'EarlyStop']]);
    expect(forced.forcedGenerator).toBe(operators.indexOf('CoT'));
    const own = chooseTopology(stub(layer0({ CoT: 0.5, EarlyStop: 0.4 })), query, null);
    expect(own.topology.layers[0]).toEqual(['CoT']);
    expect(own.forcedGenerator).toBeNull();
  });

  it.each(['mlp', 'maas'] as const)('%s: the plain-JS forward pass equals the tfjs graph training differentiates', (kind) => {
    const model = ControllerModel.create(spec(kind), embeddings, Random.fromSeed(5));
    const scorer = model.scorer(query);
    for (const previous of [[], [1, 3], [1, 3], [2]]) {
      const plain = scorer(previous);
      const graph = model.probabilitiesTf(query, model.summaryOf(previous));
      plain.forEach((p, i) => expect(p).toBeCloseTo(graph[i]!, 5));
    }
    model.dispose();
  });

  it('greedy choice is deterministic; same seed gives the same weights', () => {
    const a = ControllerModel.create(spec(), embeddings, Random.fromSeed(9));
    const b = ControllerModel.create(spec(), embeddings, Random.fromSeed(9));
    expect(chooseTopology(a, query, null)).toEqual(chooseTopology(b, query, null));
    expect(a.weights().map((w) => Array.from(w.values))).toEqual(b.weights().map((w) => Array.from(w.values)));
    a.dispose();
    b.dispose();
  });

  describe('checkpoints', () => {
    const root = mkdtempSync(join(tmpdir(), 'lamas-ckpt-'));
    const dir = join(root, 'checkpoint');
    const trainedWith = { config: { lambdaT: 0.005, epochs: 1, checkpointEvery: 1 }, seed: 0, trainData: 'x' };
    const training = { pass: 0, batch: 1, step: 1, done: false, budgetExceeded: false, ema: { mean: 0.5, std: 0.1, initialized: true }, rngState: Random.fromSeed(1).state(), spentUsd: 0 };

    beforeAll(async () => {
      const model = ControllerModel.create(spec(), embeddings, Random.fromSeed(2));
      const flat = new Float32Array(embeddings.length * 64);
      embeddings.forEach((row, i) => flat.set(row, i * 64));
      await saveCheckpoint(dir, { spec: spec(), trainedWith, training, weights: [...model.weights(), { name: 'operatorEmbeddings', shape: [embeddings.length, 64], values: flat }], optimizer: [] });
      await saveCheckpoint(dir, { spec: spec(), trainedWith, training: { ...training, step: 2 }, weights: [...model.weights(), { name: 'operatorEmbeddings', shape: [embeddings.length, 64], values: flat }], optimizer: [] });
      model.dispose();
    });

    it('round-trips and replaces the previous one in place', async () => {
      const loaded = await loadCheckpoint(root); // a run directory works too
      expect(loaded.training.step).toBe(2);
      const { model } = await loadController(dir, 'gsm8k');
      expect(chooseTopology(model, query, null).topology.layers.length).toBeGreaterThan(0);
      model.dispose();
    });

    it('names the problem for a missing directory, malformed json, another task, another operator set', async () => {
      await expect(loadCheckpoint(join(root, 'nope'))).rejects.toThrow('no controller.json (not a checkpoint directory)');
      await expect(loadCheckpoint(join(root, 'nope'))).rejects.toBeInstanceOf(MissingCheckpointError);
      const broken = join(root, 'broken');
      mkdirSync(broken);
      writeFileSync(join(broken, 'controller.json'), '{"format": "lamas-controller", "version": 1');
      await expect(loadCheckpoint(broken)).rejects.toThrow('controller.json is not valid JSON');
      // A damaged checkpoint is not a missing one: `--resume` must not start afresh over it.
      const damaged = await loadCheckpoint(broken).catch((error: unknown) => error);
      expect(damaged).toBeInstanceOf(CheckpointError);
      expect(damaged).not.toBeInstanceOf(MissingCheckpointError);
      writeFileSync(join(broken, 'controller.json'), JSON.stringify({ format: 'lamas-controller', version: 1, spec: { task: 'chess' } }));
      await expect(loadCheckpoint(broken)).rejects.toThrow('field "spec.task"');
      await expect(loadController(dir, 'math')).rejects.toThrow('it was trained for gsm8k, not math');
      const other = join(root, 'other-ops');
      cpSync(dir, other, { recursive: true });
      const json = JSON.parse((await import('node:fs')).readFileSync(join(other, 'controller.json'), 'utf8'));
      json.spec.operators = ['CoT', 'Generate'];
      writeFileSync(join(other, 'controller.json'), JSON.stringify(json));
      await expect(loadController(other, 'gsm8k')).rejects.toThrow("its operator set [CoT, Generate] is not this lamas's gsm8k operators");
      // A subset in the task's order is what a replay-trained controller has; its weights must match it.
      json.spec.operators = ['Generate', 'CoT'];
      writeFileSync(join(other, 'controller.json'), JSON.stringify(json));
      await expect(loadController(other, 'gsm8k')).rejects.toThrow('weights.bin holds operatorEmbeddings for 7 operators, controller.json names 2');
      writeFileSync(join(other, 'weights.bin'), Buffer.alloc(8));
      await expect(loadCheckpoint(other)).rejects.toThrow('runs past the end of its file');
    });
  });
});

describe('checkpoint crash recovery', () => {
  it('finds the previous checkpoint when a save died between its two renames', async () => {
    const { renameSync } = await import('node:fs');
    const root = mkdtempSync(join(tmpdir(), 'lamas-rescue-'));
    const dir = join(root, 'checkpoint');
    const rng = Random.fromSeed(1).state();
    const training = { pass: 0, batch: 3, step: 3, done: false, budgetExceeded: false, ema: { mean: 0, std: 1, initialized: true }, rngState: rng, spentUsd: 0 };
    const trainedWith = { config: { lambdaT: 0, epochs: 1, checkpointEvery: 1 }, seed: 0, trainData: 'x' };
    await saveCheckpoint(dir, { spec: spec(), trainedWith, training, weights: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }], optimizer: [] });
    renameSync(dir, `${dir}.old-123-abcd`); // the state right after the first rename
    expect((await loadCheckpoint(root)).training.step).toBe(3);
    expect((await loadCheckpoint(dir)).training.step).toBe(3);
  });
});
