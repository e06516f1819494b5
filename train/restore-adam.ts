import { tf } from '../src/controller/tf-backend.ts';

/**
 * The decay rates and bias-correction powers beta^(t+1) of tfjs's AdamOptimizer are protected
 * and private, and `getWeights` does not save the powers. This narrow view is the one place we
 * reach past its types.
 */
interface AdamInternals {
  beta1: number;
  beta2: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/**
 * `optimizer.setWeights` plus the exact bias-correction powers. tfjs recomputes them on restore
 * as pow(beta, t + 1), while a running optimizer multiplies them by beta in float32 once per
 * step; the two differ in the last bit at some t, and Adam's update (divided by a tiny
 * 1 - beta2^t early on) turns that bit into visibly different weights after a resume.
 */
export async function restoreAdam(optimizer: tf.AdamOptimizer, weights: Parameters<tf.AdamOptimizer['setWeights']>[0]): Promise<void> {
  await optimizer.setWeights(weights);
  const internals = optimizer as unknown as AdamInternals;
  const steps = optimizer.iterations + 1;
  tf.tidy(() => {
    internals.accBeta1.assign(tf.scalar(float32Power(internals.beta1, steps)));
    internals.accBeta2.assign(tf.scalar(float32Power(internals.beta2, steps)));
  });
}

/** beta^n as a float32 running product, rounding after every multiplication like the backend does. */
export function float32Power(beta: number, n: number): number {
  const factor = Math.fround(beta);
  let power = factor;
  for (let i = 1; i < n; i++) power = Math.fround(power * factor);
  return power;
}
