import type { TopologyChoice } from '../src/controller/choose-topology.ts';
import { chosenLogProbs } from '../src/controller/chosen-log-probs.ts';
import type { ControllerModel } from '../src/controller/controller-model.ts';
import { tf } from '../src/controller/tf-backend.ts';

/**
 * -mean over chosen operators of (normalised utility x log p), minus `entropy` x the mean entropy
 * (nats) of the layers built, one Adam step; returns the loss. The entropy bonus keeps the policy
 * exploring while it trains; 0 leaves the paper's loss exactly.
 */
export function policyGradientStep(
  model: ControllerModel,
  optimizer: tf.AdamOptimizer,
  features: Float32Array[],
  choices: TopologyChoice[],
  utilities: number[],
  entropy = 0,
): number {
  const variables = [...model.variables.values()];
  const { value, grads } = tf.variableGrads(() => {
    if (entropy === 0) {
      const logProbs = tf.concat(choices.map((choice, k) => chosenLogProbs(model, features[k]!, choice)));
      return tf.neg(tf.mean(tf.mul(logProbs, tf.tensor1d(utilities))));
    }
    const parts = choices.map((choice, k) => chosenLogProbs(model, features[k]!, choice, true));
    const logProbs = tf.concat(parts.map((part) => part.logProbs));
    const entropies = tf.concat(parts.map((part) => part.entropies));
    return tf.sub(tf.neg(tf.mean(tf.mul(logProbs, tf.tensor1d(utilities)))), tf.mul(entropy, tf.mean(entropies))) as tf.Scalar;
  }, variables);
  model.applyGradients(optimizer, grads);
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
}
