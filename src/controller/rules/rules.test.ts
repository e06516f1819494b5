import { beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../tasks/registry.ts';
import { Random } from '../../util/random.ts';
import { chooseTopology, drawUntil, type TopologyChoice } from '../choose-topology.ts';
import { chosenLogProbs } from '../chosen-log-probs.ts';
import { ControllerModel } from '../controller-model.ts';
import type { ControllerSpec } from '../controller-spec.ts';
import { createHashEncoder } from '../encoders/index.ts';
import { operatorEmbeddings } from '../operator-embeddings.ts';
import { ensureTfBackend, tf } from '../tf-backend.ts';
import type { RuleSetName } from './index.ts';

const operators = [...getTask('gsm8k').operators]; // Generate, CoT, MultiCoT, ScEnsemble, SelfRefine, Programmer, EarlyStop
const at = (name: string) => operators.indexOf(name as never);
const encoder = createHashEncoder({ dimension: 32 });
const spec = (rules: RuleSetName, kind: 'mlp' | 'maas' = 'mlp'): ControllerSpec => ({
  task: 'gsm8k',
  operators,
  encoder: { spec: encoder.spec, dimension: 32 },
  architecture: { kind, hidden: 16, depth: 1, ...(kind === 'maas' ? { cosineScale: 1 } : {}) },
  layers: 4,
  threshold: 0.3,
  rules,
});

/** Probabilities with the named operators' mass and 0.01 for every other one. */
const probs = (weights: Record<string, number>) => operators.map((name) => weights[name] ?? 0.01);

/**
 * A stand-in for the model with the members chooseTopology reads (spec, scorer): layer l gets
 * `layers[l]` (the last one repeated), and every call's conditioning is recorded.
 */
function scripted(rules: RuleSetName, layers: number[][]) {
  const seen: number[][] = [];
  const model = {
    spec: spec(rules),
    scorer: () => (previous: readonly number[]) => {
      seen.push([...previous]);
      return [...layers[Math.min(seen.length - 1, layers.length - 1)]!];
    },
  } as unknown as ControllerModel;
  return { model, seen };
}

const query = new Float32Array(32);

describe('maas rules (the public MaAS/LAMaS code, DESIGN §3)', () => {
  it('layer 0: a drawn EarlyStop replaces the whole set with [Generate] and ends the graph', () => {
    // Greedy draws CoT (0.25) then EarlyStop (0.24): past the threshold with both.
    const { model, seen } = scripted('maas', [probs({ CoT: 0.25, EarlyStop: 0.24, Generate: 0.02 })]);
    const choice = chooseTopology(model, query, null);
    expect(choice.topology.layers).toEqual([['Generate']]);
    expect(choice.choice).toEqual([[at('Generate')]]);
    expect(choice.forcedGenerator).toBe(at('Generate'));
    expect(seen).toHaveLength(1); // no layer 1 was scored
  });

  it('layer 0: a draw without a generating operator becomes [Generate] (Programmer does not count, as in the reference)', () => {
    for (const only of ['ScEnsemble', 'Programmer', 'SelfRefine']) {
      const { model } = scripted('maas', [probs({ [only]: 0.5 }), probs({ CoT: 0.5, EarlyStop: 0.4 })]);
      const choice = chooseTopology(model, query, null);
      expect(choice.topology.layers[0]).toEqual(['Generate']);
      expect(choice.forcedGenerator).toBe(at('Generate'));
      expect(choice.topology.layers.length).toBeGreaterThan(1); // the graph goes on
    }
  });

  it('layer 0: the first generating operator drawn moves to the front, and only it conditions the next layer', () => {
    const { model, seen } = scripted('maas', [probs({ SelfRefine: 0.28, MultiCoT: 0.27 }), probs({ EarlyStop: 0.9 })]);
    const choice = chooseTopology(model, query, null);
    expect(choice.topology.layers).toEqual([['MultiCoT', 'SelfRefine'], ['EarlyStop']]);
    expect(choice.forcedGenerator).toBeNull();
    expect(seen[1]).toEqual([at('MultiCoT')]);
    expect(choice.conditioning).toEqual([[], [at('MultiCoT')]]);
  });

  it('later layers keep the drawn set and order; EarlyStop ends the graph after its layer', () => {
    const { model } = scripted('maas', [probs({ Generate: 0.9 }), probs({ SelfRefine: 0.2, EarlyStop: 0.15, ScEnsemble: 0.1 })]);
    const choice = chooseTopology(model, query, null);
    expect(choice.topology.layers).toEqual([['Generate'], ['SelfRefine', 'EarlyStop']]);
  });
});

describe('default (lamas) rules: what runs is exactly what the policy chose', () => {
  it('layer 0 offers only operators that start from the query: all the mass on EarlyStop adds nothing behind its back', () => {
    const { model } = scripted('lamas', [probs({ EarlyStop: 0.9, ScEnsemble: 0.05 }), probs({ EarlyStop: 0.9 })]);
    const choice = chooseTopology(model, query, null);
    const [layer0] = choice.probabilities;
    for (const name of ['ScEnsemble', 'SelfRefine', 'EarlyStop']) expect(layer0![at(name)]).toBe(0);
    expect(layer0!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(choice.forcedGenerator).toBeNull();
    expect(choice.topology.layers[0]!.every((name) => ['Generate', 'CoT', 'MultiCoT', 'Programmer'].includes(name))).toBe(true);
    expect(choice.topology.layers[1]).toEqual(['EarlyStop']);
  });

  it.each(['mlp', 'maas'] as const)('%s: replaying the recorded draws gives exactly the operators that run, at every layer of 300 sampled graphs', async (kind) => {
    await ensureTfBackend();
    const embeddings = await operatorEmbeddings(encoder, operators);
    const queries = await encoder.encode(['Tom has 3 apples and buys 5 more.', 'A train leaves at 3 pm at 60 km/h; when does it arrive 150 km away?']);
    const model = ControllerModel.create(spec('lamas', kind), embeddings, Random.fromSeed(7));
    const random = Random.fromSeed(11);
    for (let i = 0; i < 300; i++) {
      const replay = Random.fromState(random.state());
      const choice = chooseTopology(model, queries[i % 2]!, random);
      expect(choice.forcedGenerator).toBeNull();
      choice.choice.forEach((runs, layer) => {
        const drawn = drawUntil(choice.probabilities[layer]!, model.spec.threshold, replay);
        expect(runs).toEqual([...drawn].sort((a, b) => a - b));
        for (const index of runs) expect(choice.probabilities[layer]![index]).toBeGreaterThan(0);
      });
    }
    model.dispose();
  });
});

describe('loss terms', () => {
  let embeddings: Float32Array[];
  beforeAll(async () => {
    await ensureTfBackend();
    embeddings = await operatorEmbeddings(encoder, operators);
  });

  const logProbs = (model: ControllerModel, choice: Pick<TopologyChoice, 'choice' | 'conditioning'>) => tf.tidy(() => Array.from(chosenLogProbs(model, query, choice).dataSync()));

  it('maas: the substituted Generate gets its own log-probability, the discarded draw (EarlyStop included) none', () => {
    const model = ControllerModel.create(spec('maas', 'maas'), embeddings, Random.fromSeed(3));
    const q = query.map((_, i) => (i % 3 === 0 ? 0.5 : 0));
    const terms = tf.tidy(() => Array.from(chosenLogProbs(model, q, { choice: [[at('Generate')]], conditioning: [[]] }).dataSync()));
    expect(terms).toHaveLength(1);
    expect(terms[0]).toBeCloseTo(Math.log(model.probabilitiesTf(q, model.summaryOf([]))[at('Generate')]!), 5);
    model.dispose();
  });

  it('lamas: one term per operator that ran, each from the candidates-only softmax of its layer', () => {
    const model = ControllerModel.create(spec('lamas'), embeddings, Random.fromSeed(3));
    const choice = { choice: [[at('Generate'), at('CoT')], [at('ScEnsemble'), at('EarlyStop')]], conditioning: [[], [at('Generate'), at('CoT')]] };
    const terms = logProbs(model, choice);
    expect(terms).toHaveLength(4);
    const layer0 = model.probabilitiesTf(query, model.summaryOf([]));
    const offered = ['Generate', 'CoT', 'MultiCoT', 'Programmer'].reduce((sum, name) => sum + layer0[at(name)]!, 0);
    expect(terms[0]).toBeCloseTo(Math.log(layer0[at('Generate')]! / offered), 5);
    const layer1 = model.probabilitiesTf(query, model.summaryOf([at('Generate'), at('CoT')]));
    expect(terms[3]).toBeCloseTo(Math.log(layer1[at('EarlyStop')]!), 5);
    model.dispose();
  });

  it('maas architecture: the reference scorer (cosine, no temperature) keeps every operator under about 0.55', () => {
    const model = ControllerModel.create(spec('maas', 'maas'), embeddings, Random.fromSeed(5));
    const bound = Math.E / (Math.E + (operators.length - 1) / Math.E);
    const random = Random.fromSeed(1);
    for (let i = 0; i < 50; i++) {
      const q = Float32Array.from({ length: 32 }, () => random.float() * 2 - 1);
      for (const p of model.scorer(q)([])) expect(p).toBeLessThanOrEqual(bound + 1e-6);
    }
    model.dispose();
  });
});
