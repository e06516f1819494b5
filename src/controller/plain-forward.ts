import type { ControllerSpec } from './controller-spec.ts';

/** Weights as plain arrays, row-major, by name. */
export type WeightArrays = ReadonlyMap<string, { shape: number[]; values: Float32Array }>;

/** One query's layer probabilities, given the operator indices the previous layer chose ([] before layer 0). */
export type LayerScorer = (chosenBefore: readonly number[]) => number[];

const cosineScale = 10;
/** Distinct previous-layer choices remembered per weight set: 2^operators is tiny for real operator sets; this only bounds odd ones. */
const previousTermLimit = 4096;

/**
 * The controller's forward pass in plain JavaScript for choosing topologies, where dispatching
 * tfjs ops costs about a millisecond per query. Training uses the tfjs graph (it needs
 * gradients); a test keeps the two equal.
 *
 * The first layer is linear in its three concatenated inputs, so its terms are computed where
 * they change: the operator terms once per weight set, the previous-choice terms once per
 * distinct choice, the query term once per query (not once per layer). Each term is summed in
 * the same order as when all were recomputed per layer, so caching changes no bit; against the
 * tfjs graph (another summation order) results agree to about 1e-6.
 */
export class PlainForward {
  private readonly operatorTerms: Float32Array[];
  private readonly previousTerms = new Map<string, Float32Array>();

  constructor(
    private readonly spec: ControllerSpec,
    private readonly weights: WeightArrays,
    private readonly embeddings: readonly Float32Array[],
  ) {
    // maas: the operator's own rows of wOperator; mlp: the operator block (rows d..2d) of w0.
    const [w, rowOffset] = spec.architecture.kind === 'maas' ? [get(weights, 'wOperator'), 0] : [get(weights, 'w0'), embeddings[0]?.length ?? 0];
    const cols = w.shape[1]!;
    this.operatorTerms = embeddings.map((embedding) => matVec(w.values, cols, embedding, rowOffset, new Float32Array(cols)));
  }

  scorer(query: Float32Array): LayerScorer {
    return this.spec.architecture.kind === 'maas' ? this.cosineScorer(query) : this.mlpScorer(query);
  }

  private mlpScorer(query: Float32Array): LayerScorer {
    const first = get(this.weights, 'w0');
    const hidden = first.shape[1]!;
    const queryTerm = matVec(first.values, hidden, query, 0, new Float32Array(hidden));
    const bias = get(this.weights, 'b0').values;
    const deeper = Array.from({ length: this.spec.architecture.depth - 1 }, (_, i) => ({ w: get(this.weights, `w${i + 1}`), b: get(this.weights, `b${i + 1}`).values }));
    const out = get(this.weights, 'wOut').values;
    const outBias = get(this.weights, 'bOut').values[0]!;
    // Scratch buffers: allocating a small typed array costs V8 about as much as the arithmetic here.
    const { shared, h, next, unit } = this.scratch(hidden);
    return (chosenBefore) => {
      const previous = this.previousTerm(chosenBefore, first.values, hidden, 2 * query.length);
      sum(shared, queryTerm, previous, bias);
      const logits = this.operatorTerms.map((term) => {
        relu(sum(h, shared, term));
        let current = h;
        let spare = next;
        for (const { w, b } of deeper) {
          relu(sum(spare, matVec(w.values, w.shape[1]!, current, 0, spare), b));
          [current, spare] = [spare, current];
        }
        // Logits are float32, as in tfjs.
        return Math.fround(matVec(out, 1, current, 0, unit)[0]! + outBias);
      });
      return softmax(logits);
    };
  }

  private cosineScorer(query: Float32Array): LayerScorer {
    const wq = get(this.weights, 'wQuery');
    const wo = get(this.weights, 'wOperator');
    const hidden = wq.shape[1]!;
    const q = matVec(wq.values, hidden, query, 0, new Float32Array(hidden));
    const qNorm = Math.hypot(...q);
    const { h: o } = this.scratch(hidden);
    return (chosenBefore) => {
      const fromPrevious = this.previousTerm(chosenBefore, wo.values, wo.shape[1]!, this.embeddings[0]?.length ?? 0);
      const logits = this.operatorTerms.map((term) => {
        sum(o, term, fromPrevious);
        return Math.fround((dot(o, q) / (Math.hypot(...o) * qNorm + 1e-8)) * cosineScale);
      });
      return softmax(logits);
    };
  }

  private scratchBuffers: { shared: Float32Array; h: Float32Array; next: Float32Array; unit: Float32Array } | null = null;

  /** Reused between calls: a scorer runs synchronously to the end, so no two calls share them at once. */
  private scratch(hidden: number): { shared: Float32Array; h: Float32Array; next: Float32Array; unit: Float32Array } {
    this.scratchBuffers ??= { shared: new Float32Array(hidden), h: new Float32Array(hidden), next: new Float32Array(hidden), unit: new Float32Array(1) };
    return this.scratchBuffers;
  }

  /** The first layer's term for the previous layer's mean embedding, remembered per distinct choice. */
  private previousTerm(chosen: readonly number[], w: Float32Array, cols: number, rowOffset: number): Float32Array {
    const key = chosen.join(',');
    let term = this.previousTerms.get(key);
    if (!term) {
      term = matVec(w, cols, meanEmbedding(this.embeddings, chosen), rowOffset, new Float32Array(cols));
      if (this.previousTerms.size < previousTermLimit) this.previousTerms.set(key, term);
    }
    return term;
  }
}

/** What the next layer sees of this one: the mean embedding of the chosen operators (zeros for none). */
export function meanEmbedding(embeddings: readonly Float32Array[], chosen: readonly number[]): Float32Array {
  const out = new Float32Array(embeddings[0]?.length ?? 0);
  for (const index of chosen) {
    const row = embeddings[index]!;
    for (let i = 0; i < out.length; i++) out[i]! += row[i]! / chosen.length;
  }
  return out;
}

/** Probabilities from logits; a fresh array, since callers keep it. */
function softmax(logits: readonly number[]): number[] {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  const exps = logits.map((value) => Math.exp(value - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => Math.fround(value / total));
}

/**
 * x^T W for the rows `rowOffset .. rowOffset + x.length` of a row-major W with `cols` columns,
 * written into `out` (zeroed first) and returned; accumulated in float32, like the weights.
 */
function matVec(w: Float32Array, cols: number, x: Float32Array, rowOffset: number, out: Float32Array): Float32Array {
  out.fill(0);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const base = (rowOffset + i) * cols;
    for (let j = 0; j < cols; j++) out[j]! += xi * w[base + j]!;
  }
  return out;
}

/**
 * The parts summed left to right into `out` (which may be the first part itself); every partial
 * sum is stored as float32, as tfjs rounds them.
 */
function sum(out: Float32Array, first: Float32Array, ...rest: Float32Array[]): Float32Array {
  if (out !== first) out.set(first);
  for (const part of rest) for (let i = 0; i < out.length; i++) out[i]! += part[i]!;
  return out;
}

/** In place; NaN passes through, as in tfjs, so a diverged model does not look like a sane one. */
function relu(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) if (values[i]! < 0) values[i] = 0;
  return values;
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
