import type { TopologyChoice } from '../src/controller/choose-topology.ts';
import { chosenLogProbs } from '../src/controller/chosen-log-probs.ts';
import type { ControllerModel } from '../src/controller/controller-model.ts';
import { tf } from '../src/controller/tf-backend.ts';

/** -mean over chosen operators of (normalised utility x log p), one Adam step; returns the loss. */
export function policyGradientStep(
  model: ControllerModel,
  optimizer: tf.AdamOptimizer,
  features: Float32Array[],
  choices: TopologyChoice[],
  utilities: number[],
): number {
  const variables = [...model.variables.values()];
  const { value, grads } = tf.variableGrads(() => {
    const logProbs = tf.concat(choices.map((choice, k) => chosenLogProbs(model, features[k]!, choice.choice)));
    return tf.neg(tf.mean(tf.mul(logProbs, tf.tensor1d(utilities))));
  }, variables);
  model.applyGradients(optimizer, grads);
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
}
