import type { TopologyChoice } from './choose-topology.ts';
import type { ControllerModel } from './controller-model.ts';
import { rulesOf } from './rules/index.ts';
import { tf } from './tf-backend.ts';

/** Added to the logits of operators the rule set does not offer at a layer: their probability is 0. */
const excluded = -1e9;

/**
 * Differentiable log-probabilities of the operators a topology ran, layer by layer, replaying
 * the previous-layer conditioning and candidate sets the choice was made with. A set's
 * log-probability is the sum of its members' (MaAS); the trainer weighs each member by its own
 * credited utility. With `entropies`, also each built layer's entropy (nats), for the entropy bonus.
 */
export function chosenLogProbs(model: ControllerModel, query: Float32Array, choice: Pick<TopologyChoice, 'choice' | 'conditioning'>): tf.Tensor1D;
export function chosenLogProbs(model: ControllerModel, query: Float32Array, choice: Pick<TopologyChoice, 'choice' | 'conditioning'>, entropies: true): { logProbs: tf.Tensor1D; entropies: tf.Tensor1D };
export function chosenLogProbs(
  model: ControllerModel,
  query: Float32Array,
  { choice, conditioning }: Pick<TopologyChoice, 'choice' | 'conditioning'>,
  entropies?: true,
): tf.Tensor1D | { logProbs: tf.Tensor1D; entropies: tf.Tensor1D } {
  const rules = rulesOf(model.spec);
  const q = tf.tensor1d(query);
  const layers = choice.map((chosen, layer) => {
    const previous = tf.tensor1d(model.summaryOf(conditioning[layer] ?? (layer === 0 ? [] : choice[layer - 1]!)));
    const candidates = rules.candidates(layer, model.spec.operators);
    const raw = model.layerLogits(q, previous);
    const logits = candidates ? tf.add(raw, tf.tensor1d(candidates.map((offered) => (offered ? 0 : excluded)))) : raw;
    const logProbs = tf.logSoftmax(logits);
    // A one-hot selection instead of gather: the wasm backend has no kernel for gather's gradient.
    const selector = tf.tensor2d(chosen.map((index) => Array.from({ length: model.operatorCount }, (_, i) => (i === index ? 1 : 0))));
    const picked = tf.matMul(selector, logProbs.expandDims(1)).reshape([chosen.length]);
    return { picked, entropy: entropies ? tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs))) : null };
  });
  const logProbs = tf.concat(layers.map((layer) => layer.picked)) as tf.Tensor1D;
  if (!entropies) return logProbs;
  return { logProbs, entropies: tf.stack(layers.map((layer) => layer.entropy!)) as tf.Tensor1D };
}
