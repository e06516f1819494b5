import { type ControllerSpec, cosineScaleOf } from './controller-spec.ts';

/** Weights as plain arrays, row-major, by name. */
export type WeightArrays = ReadonlyMap<string, { shape: number[]; values: Float32Array }>;

/** One query's layer probabilities, given the operator indices the previous layer chose ([] before layer 0). */
export type LayerScorer = (chosenBefore: readonly number[]) => number[];

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
  /** The MLP's layers after the first (none for depth 1 and for maas). */
  private readonly deeper: Array<{ w: { shape: number[]; values: Float32Array }; b: Float32Array }>;

  constructor(
    private readonly spec: ControllerSpec,
    private readonly weights: WeightArrays,
    private readonly embeddings: readonly Float32Array[],
  ) {
    // maas: the operator's own rows of wOperator; mlp: the operator block (rows d..2d) of w0.
    const [w, rowOffset] = spec.architecture.kind === 'maas' ? [get(weights, 'wOperator'), 0] : [get(weights, 'w0'), embeddings[0]?.length ?? 0];
    const cols = w.shape[1]!;
    this.operatorTerms = embeddings.map((embedding) => matVec(w.values, cols, embedding, rowOffset, new Float32Array(cols)));
    this.deeper = spec.architecture.kind === 'maas' ? [] : Array.from({ length: spec.architecture.depth - 1 }, (_, i) => ({ w: get(weights, `w${i + 1}`), b: get(weights, `b${i + 1}`).values }));
  }

  scorer(query: Float32Array): LayerScorer {
    return this.spec.architecture.kind === 'maas' ? this.cosineScorer(query) : this.mlpScorer(query);
  }

  private mlpScorer(query: Float32Array): LayerScorer {
    const first = get(this.weights, 'w0');
    const hidden = first.shape[1]!;
    const queryTerm = sparseMatVec(first.values, hidden, query, new Float32Array(hidden));
    const bias = get(this.weights, 'b0').values;
    const deeper = this.deeper;
    const out = get(this.weights, 'wOut').values;
    const outBias = get(this.weights, 'bOut').values[0]!;
    const operatorTerms = this.operatorTerms;
    // Scratch buffers: allocating a small typed array costs V8 about as much as the arithmetic here.
    const { shared, h, next } = this.scratch(hidden);
    return (chosenBefore) => {
      const previous = this.previousTerm(chosenBefore, first.values, hidden, 2 * query.length);
      sum(shared, queryTerm, previous, bias);
      const logits = new Array<number>(operatorTerms.length);
      for (let o = 0; o < operatorTerms.length; o++) {
        addRelu(h, shared, operatorTerms[o]!);
        let current = h;
        let spare = next;
        for (const { w, b } of deeper) {
          relu(sum(spare, matVec(w.values, w.shape[1]!, current, 0, spare), b));
          [current, spare] = [spare, current];
        }
        // Logits are float32, as in tfjs.
        logits[o] = Math.fround(dotFloat32(current, out) + outBias);
      }
      return softmax(logits);
    };
  }

  private cosineScorer(query: Float32Array): LayerScorer {
    const wq = get(this.weights, 'wQuery');
    const wo = get(this.weights, 'wOperator');
    const hidden = wq.shape[1]!;
    const q = sparseMatVec(wq.values, hidden, query, new Float32Array(hidden));
    const qNorm = Math.hypot(...q);
    const { h: o } = this.scratch(hidden);
    const cosineScale = cosineScaleOf(this.spec);
    return (chosenBefore) => {
      const fromPrevious = this.previousTerm(chosenBefore, wo.values, wo.shape[1]!, this.embeddings[0]?.length ?? 0);
      const logits = this.operatorTerms.map((term) => {
        sum(o, term, fromPrevious);
        return Math.fround((dot(o, q) / (Math.hypot(...o) * qNorm + 1e-8)) * cosineScale);
      });
      return softmax(logits);
    };
  }

  private scratchBuffers: { shared: Float32Array; h: Float32Array; next: Float32Array } | null = null;

  /** Reused between calls: a scorer runs synchronously to the end, so no two calls share them at once. */
  private scratch(hidden: number): { shared: Float32Array; h: Float32Array; next: Float32Array } {
    this.scratchBuffers ??= { shared: new Float32Array(hidden), h: new Float32Array(hidden), next: new Float32Array(hidden) };
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
 * `matVec` from row 0 for a mostly-zero x (a hashed query): the non-zero entries are gathered
 * once, then each output is accumulated in a local over them, in the same row order and with
 * the same float32 rounding per partial sum, so the result is identical.
 */
function sparseMatVec(w: Float32Array, cols: number, x: Float32Array, out: Float32Array): Float32Array {
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) rows.push(i);
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    let t4 = 0;
    let t5 = 0;
    let t6 = 0;
    let t7 = 0;
    for (const i of rows) {
      const xi = x[i]!;
      const base = i * cols + j;
      t0 = Math.fround(t0 + xi * w[base]!);
      t1 = Math.fround(t1 + xi * w[base + 1]!);
      t2 = Math.fround(t2 + xi * w[base + 2]!);
      t3 = Math.fround(t3 + xi * w[base + 3]!);
      t4 = Math.fround(t4 + xi * w[base + 4]!);
      t5 = Math.fround(t5 + xi * w[base + 5]!);
      t6 = Math.fround(t6 + xi * w[base + 6]!);
      t7 = Math.fround(t7 + xi * w[base + 7]!);
    }
    out[j] = t0;
    out[j + 1] = t1;
    out[j + 2] = t2;
    out[j + 3] = t3;
    out[j + 4] = t4;
    out[j + 5] = t5;
    out[j + 6] = t6;
    out[j + 7] = t7;
  }
  for (; j < cols; j++) {
    let total = 0;
    for (const i of rows) total = Math.fround(total + x[i]! * w[i * cols + j]!);
    out[j] = total;
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

/**
 * `out = relu(a + b)` in one pass, the sum rounded to float32 before the comparison exactly as
 * `relu(sum(out, a, b))` would store and then test it.
 */
function addRelu(out: Float32Array, a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    const value = Math.fround(a[i]! + b[i]!);
    out[i] = value < 0 ? 0 : value;
  }
}

/**
 * x . w accumulated as `matVec` does with one column (zeros of x skipped, each partial sum
 * rounded to float32), in a local instead of a one-element array.
 */
function dotFloat32(x: Float32Array, w: Float32Array): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi !== 0) total = Math.fround(total + xi * w[i]!);
  }
  return total;
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
