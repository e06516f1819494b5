import type { ControllerSpec } from './controller-spec.ts';

/** Weights as plain arrays, row-major, by name. */
export type WeightArrays = ReadonlyMap<string, { shape: number[]; values: Float32Array }>;

const cosineScale = 10;

/**
 * The controller's forward pass in plain JavaScript for choosing topologies: tens of
 * microseconds per layer, where dispatching tfjs ops costs about a millisecond per query.
 * Training uses the tfjs graph (it needs gradients); a test keeps the two equal.
 */
export function plainLogits(spec: ControllerSpec, weights: WeightArrays, embeddings: readonly Float32Array[], query: Float32Array, previous: Float32Array): Float32Array {
  return spec.architecture.kind === 'maas' ? cosineLogits(weights, embeddings, query, previous) : mlpLogits(spec, weights, embeddings, query, previous);
}

export function softmax(logits: Float32Array): Float32Array {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (value) => Math.exp(value - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return Float32Array.from(exps, (value) => value / total);
}

/** First-layer terms of the operator embeddings: fixed per weight set, so computed once, not per query and layer. */
const operatorTerms = new WeakMap<WeightArrays, Float32Array[]>();

function mlpLogits(spec: ControllerSpec, weights: WeightArrays, embeddings: readonly Float32Array[], query: Float32Array, previous: Float32Array): Float32Array {
  const d = query.length;
  const first = get(weights, 'w0');
  const hidden = first.shape[1]!;
  // The first layer splits over the concatenated input: query and previous parts are shared by every operator.
  const shared = add(matVec(first.values, hidden, query, 0), matVec(first.values, hidden, previous, 2 * d), get(weights, 'b0').values);
  let terms = operatorTerms.get(weights);
  if (!terms) {
    terms = embeddings.map((embedding) => matVec(first.values, hidden, embedding, d));
    operatorTerms.set(weights, terms);
  }
  return Float32Array.from(terms, (term) => {
    let h = relu(add(shared, term));
    for (let layer = 1; layer < spec.architecture.depth; layer++) {
      const w = get(weights, `w${layer}`);
      h = relu(add(matVec(w.values, w.shape[1]!, h, 0), get(weights, `b${layer}`).values));
    }
    return matVec(get(weights, 'wOut').values, 1, h, 0)[0]! + get(weights, 'bOut').values[0]!;
  });
}

function cosineLogits(weights: WeightArrays, embeddings: readonly Float32Array[], query: Float32Array, previous: Float32Array): Float32Array {
  const wq = get(weights, 'wQuery');
  const wo = get(weights, 'wOperator');
  const hidden = wq.shape[1]!;
  const q = matVec(wq.values, hidden, query, 0);
  const fromPrevious = matVec(wo.values, hidden, previous, embeddings[0]?.length ?? 0);
  return Float32Array.from(embeddings, (embedding) => {
    const o = add(matVec(wo.values, hidden, embedding, 0), fromPrevious);
    return (dot(o, q) / (Math.hypot(...o) * Math.hypot(...q) + 1e-8)) * cosineScale;
  });
}

/** x^T W for the rows `rowOffset .. rowOffset + x.length` of a row-major W with `cols` columns. */
function matVec(w: Float32Array, cols: number, x: Float32Array, rowOffset: number): Float32Array {
  const out = new Float32Array(cols);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const base = (rowOffset + i) * cols;
    for (let j = 0; j < cols; j++) out[j]! += xi * w[base + j]!;
  }
  return out;
}

function add(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts[0]!.length);
  for (const part of parts) for (let i = 0; i < out.length; i++) out[i]! += part[i]!;
  return out;
}

function relu(values: Float32Array): Float32Array {
  return values.map((value) => Math.max(0, value));
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function get(weights: WeightArrays, name: string): { shape: number[]; values: Float32Array } {
  const weight = weights.get(name);
  if (!weight) throw new Error(`controller weight ${name} is missing`);
  return weight;
}
