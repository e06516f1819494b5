import type { ControllerModel } from './controller-model.ts';
import { tf } from './tf-backend.ts';

/**
 * Differentiable log-probabilities of the operators a topology chose, layer by layer, replaying
 * the same previous-layer summaries the choice was made with. A set's log-probability is the sum
 * of its members' (MaAS); the trainer weighs each member by its own credited utility.
 */
export function chosenLogProbs(model: ControllerModel, query: Float32Array, choice: readonly (readonly number[])[]): tf.Tensor1D {
  const q = tf.tensor1d(query);
  const parts = choice.map((chosen, layer) => {
    const previous = tf.tensor1d(model.summaryOf(layer === 0 ? [] : choice[layer - 1]!));
    const logProbs = tf.logSoftmax(model.layerLogits(q, previous));
    // A one-hot selection instead of gather: the wasm backend has no kernel for gather's gradient.
    const selector = tf.tensor2d(chosen.map((index) => Array.from({ length: model.operatorCount }, (_, i) => (i === index ? 1 : 0))));
    return tf.matMul(selector, logProbs.expandDims(1)).reshape([chosen.length]);
  });
  return tf.concat(parts) as tf.Tensor1D;
}
