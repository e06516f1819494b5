import type { Random } from '../util/random.ts';
import { type ControllerSpec, cosineScaleOf } from './controller-spec.ts';
import { type LayerScorer, meanEmbedding, PlainForward } from './plain-forward.ts';
import { tf } from './tf-backend.ts';

export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

let instances = 0;

/**
 * The controller network. Per layer it scores every candidate operator from (query features,
 * the operator's description embedding, the mean embedding of what the previous layer chose),
 * and a softmax over operators gives the layer's selection probabilities.
 */
export class ControllerModel {
  /** The plain-JS forward pass over copies of the weights; dropped whenever training changes them. */
  private plain: PlainForward | null = null;

  private constructor(
    readonly spec: ControllerSpec,
    /** [operators, encoder dimension]: fixed, from the operators' one-line descriptions. */
    private readonly operatorEmbeddings: tf.Tensor2D,
    private readonly embeddingRows: Float32Array[],
    readonly variables: Map<string, tf.Variable>,
  ) {}

  static create(spec: ControllerSpec, operatorEmbeddings: Float32Array[], random: Random): ControllerModel {
    const weights = initialWeights(spec, random);
    return ControllerModel.fromWeights(spec, operatorEmbeddings, weights);
  }

  static fromWeights(spec: ControllerSpec, operatorEmbeddings: Float32Array[], weights: NamedWeight[]): ControllerModel {
    // tfjs keeps one global registry of variable names: prefix them so models can coexist.
    const prefix = `controller${++instances}`;
    const variables = new Map(weights.map((weight) => [weight.name, tf.variable(tf.tensor(weight.values, weight.shape), true, `${prefix}/${weight.name}`)] as const));
    const embeddings = tf.tensor2d(operatorEmbeddings.map((row) => Array.from(row)));
    return new ControllerModel(spec, embeddings, operatorEmbeddings.map((row) => Float32Array.from(row)), variables);
  }

  get operatorCount(): number {
    return this.spec.operators.length;
  }

  /** Differentiable logits over operators for one query at one layer. */
  layerLogits(query: tf.Tensor1D, previous: tf.Tensor1D): tf.Tensor1D {
    return this.spec.architecture.kind === 'maas' ? this.cosineLogits(query, previous) : this.mlpLogits(query, previous);
  }

  /** One query's layer probabilities for sampling and serving (no gradient), computed without tfjs for speed. */
  scorer(query: Float32Array): LayerScorer {
    this.plain ??= new PlainForward(this.spec, new Map(this.weights().map((weight) => [weight.name, { shape: weight.shape, values: weight.values }])), this.embeddingRows);
    return this.plain.scorer(query);
  }

  /** The same probabilities through the tfjs graph that training differentiates. */
  probabilitiesTf(query: Float32Array, previous: Float32Array): Float32Array {
    return tf.tidy(() => tf.softmax(this.layerLogits(tf.tensor1d(query), tf.tensor1d(previous))).dataSync() as Float32Array);
  }

  /** Applies a gradient step; the plain weight copies are refreshed on next use. */
  applyGradients(optimizer: tf.Optimizer, grads: tf.NamedTensorMap): void {
    optimizer.applyGradients([...this.variables.values()].map((variable) => ({ name: variable.name, tensor: grads[variable.name]! })));
    this.plain = null;
  }

  /** What the next layer sees of this one: the mean embedding of the chosen operators. */
  summaryOf(chosen: readonly number[]): Float32Array {
    return meanEmbedding(this.embeddingRows, chosen);
  }

  weights(): NamedWeight[] {
    return [...this.variables.entries()].map(([name, variable]) => ({ name, shape: variable.shape, values: variable.dataSync() as Float32Array }));
  }

  dispose(): void {
    this.operatorEmbeddings.dispose();
    for (const variable of this.variables.values()) variable.dispose();
  }

  private mlpLogits(query: tf.Tensor1D, previous: tf.Tensor1D): tf.Tensor1D {
    const count = this.operatorCount;
    let h: tf.Tensor2D = tf.concat([tf.tile(query.expandDims(0), [count, 1]), this.operatorEmbeddings, tf.tile(previous.expandDims(0), [count, 1])], 1);
    for (let i = 0; i < this.spec.architecture.depth; i++) h = tf.relu(tf.add(tf.matMul(h, this.get(`w${i}`)), this.get(`b${i}`)));
    return tf.add(tf.matMul(h, this.get('wOut')), this.get('bOut')).reshape([count]);
  }

  private cosineLogits(query: tf.Tensor1D, previous: tf.Tensor1D): tf.Tensor1D {
    const count = this.operatorCount;
    const q = tf.matMul(query.expandDims(0), this.get('wQuery')); // [1, H]
    const ops = tf.matMul(tf.concat([this.operatorEmbeddings, tf.tile(previous.expandDims(0), [count, 1])], 1), this.get('wOperator')); // [ops, H]
    const cosine = tf.div(tf.matMul(ops, q.transpose()).reshape([count]), tf.add(tf.mul(tf.norm(ops, 'euclidean', 1), tf.norm(q)), 1e-8));
    return tf.mul(cosine, cosineScaleOf(this.spec));
  }

  private get(name: string): tf.Variable {
    const variable = this.variables.get(name);
    if (!variable) throw new Error(`controller weight ${name} is missing`);
    return variable;
  }
}

/** Glorot-uniform weights and zero biases, drawn from the seeded stream (identical on any backend). */
function initialWeights(spec: ControllerSpec, random: Random): NamedWeight[] {
  const d = spec.encoder.dimension;
  const { hidden, depth, kind } = spec.architecture;
  const glorot = (name: string, rows: number, cols: number): NamedWeight => {
    const limit = Math.sqrt(6 / (rows + cols));
    const values = Float32Array.from({ length: rows * cols }, () => (random.float() * 2 - 1) * limit);
    return { name, shape: [rows, cols], values };
  };
  const zeros = (name: string, size: number): NamedWeight => ({ name, shape: [size], values: new Float32Array(size) });
  if (kind === 'maas') return [glorot('wQuery', d, hidden), glorot('wOperator', 2 * d, hidden)];
  const weights: NamedWeight[] = [];
  let input = 3 * d;
  for (let i = 0; i < depth; i++) {
    weights.push(glorot(`w${i}`, input, hidden), zeros(`b${i}`, hidden));
    input = hidden;
  }
  weights.push(glorot('wOut', hidden, 1), zeros('bOut', 1));
  return weights;
}
