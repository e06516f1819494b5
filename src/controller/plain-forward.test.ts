import { beforeAll, describe, expect, it } from 'vitest';
import { gsm8kTask } from '../tasks/gsm8k/index.ts';
import { Random } from '../util/random.ts';
import { ControllerModel } from './controller-model.ts';
import type { ControllerSpec } from './controller-spec.ts';
import { createHashEncoder } from './encoders/index.ts';
import { operatorEmbeddings } from './operator-embeddings.ts';
import { ensureTfBackend } from './tf-backend.ts';

/**
 * The forward pass written the plain way, everything recomputed per call, each partial sum
 * stored as float32: what the cached PlainForward must reproduce bit for bit.
 */
function reference(spec: ControllerSpec, weights: Map<string, { shape: number[]; values: Float32Array }>, embeddings: Float32Array[], query: Float32Array, chosenBefore: number[]): number[] {
  const w = (name: string) => weights.get(name)!;
  const matVec = (m: { values: Float32Array }, cols: number, x: Float32Array, rowOffset: number) => {
    const out = new Float32Array(cols);
    x.forEach((xi, i) => {
      if (xi !== 0) for (let j = 0; j < cols; j++) out[j]! += xi * m.values[(rowOffset + i) * cols + j]!;
    });
    return out;
  };
  const add = (...parts: Float32Array[]) => {
    const out = new Float32Array(parts[0]!.length);
    for (const part of parts) part.forEach((value, i) => (out[i]! += value));
    return out;
  };
  const previous = new Float32Array(embeddings[0]!.length);
  for (const index of chosenBefore) embeddings[index]!.forEach((value, i) => (previous[i]! += value / chosenBefore.length));
  const d = query.length;
  let logits: Float32Array;
  if (spec.architecture.kind === 'maas') {
    const hidden = w('wQuery').shape[1]!;
    const q = matVec(w('wQuery'), hidden, query, 0);
    const fromPrevious = matVec(w('wOperator'), hidden, previous, embeddings[0]!.length);
    logits = Float32Array.from(embeddings, (embedding) => {
      const o = add(matVec(w('wOperator'), hidden, embedding, 0), fromPrevious);
      const dot = o.reduce((sum, value, i) => sum + value * q[i]!, 0);
      return (dot / (Math.hypot(...o) * Math.hypot(...q) + 1e-8)) * 10;
    });
  } else {
    const hidden = w('w0').shape[1]!;
    const shared = add(matVec(w('w0'), hidden, query, 0), matVec(w('w0'), hidden, previous, 2 * d), w('b0').values);
    logits = Float32Array.from(embeddings, (embedding) => {
      let h = add(shared, matVec(w('w0'), hidden, embedding, d)).map((value) => Math.max(0, value));
      for (let layer = 1; layer < spec.architecture.depth; layer++) h = add(matVec(w(`w${layer}`), hidden, h, 0), w(`b${layer}`).values).map((value) => Math.max(0, value));
      return matVec(w('wOut'), 1, h, 0)[0]! + w('bOut').values[0]!;
    });
  }
  const max = Math.max(...logits);
  const exps = Array.from(logits, (value) => Math.exp(value - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return Array.from(Float32Array.from(exps, (value) => value / total));
}

const encoder = createHashEncoder({ dimension: 64 });

describe('plain forward pass', () => {
  let embeddings: Float32Array[];
  let queries: Float32Array[];
  beforeAll(async () => {
    await ensureTfBackend();
    embeddings = await operatorEmbeddings(encoder, [...gsm8kTask.operators]);
    queries = await encoder.encode(['Tom has 3 apples and buys 5 more. How many apples?', 'A train leaves at 3:15 pm at 60 km/h; when does it arrive 150 km away?', '']);
  });

  it.each([
    ['mlp', 1],
    ['mlp', 2],
    ['mlp', 3],
    ['maas', 1],
  ] as const)('%s depth %i: cached terms and scratch buffers reproduce the plain computation bit for bit', (kind, depth) => {
    const spec: ControllerSpec = { task: 'gsm8k', operators: [...gsm8kTask.operators], encoder: { spec: encoder.spec, dimension: 64 }, architecture: { kind, hidden: 16, depth }, layers: 4, threshold: 0.3 };
    const model = ControllerModel.create(spec, embeddings, Random.fromSeed(depth));
    const weights = new Map(model.weights().map((weight) => [weight.name, weight]));
    // Two queries' scorers interleaved, previous choices repeated: the caches and shared buffers must not leak between calls.
    const scorers = queries.map((query) => model.scorer(query));
    for (const chosen of [[], [1, 3], [0], [2, 4], [1, 3], [2, 4, 5], [0, 1, 2], []]) {
      scorers.forEach((scorer, q) => expect(scorer(chosen)).toEqual(reference(spec, weights, embeddings, queries[q]!, chosen)));
    }
    model.dispose();
  });
});
