import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTfBackend, tf } from '../src/controller/tf-backend.ts';
import { float32Power, restoreAdam } from './restore-adam.ts';

/** A few Adam steps on a small quadratic, each toward a different target. */
function stepAll(optimizer: tf.AdamOptimizer, weight: tf.Variable, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const target = tf.tensor1d([0.3 * i, -1.7, 2.2]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(weight, target))) as tf.Scalar, [weight]);
    optimizer.applyGradients([{ name: weight.name, tensor: grads[weight.name]! }]);
    tf.dispose([target, ...Object.values(grads)]);
  }
}

describe('restoreAdam', () => {
  beforeAll(async () => {
    await ensureTfBackend();
  });

  it('continues bit for bit like an optimizer that never stopped, whatever step it was saved at', async () => {
    for (let saved = 1; saved <= 12; saved++) {
      const straightWeight = tf.variable(tf.tensor1d([0.5, 0.1, -0.4]), true, `straight-${saved}`);
      const straight = tf.train.adam(0.01);
      stepAll(straight, straightWeight, saved);
      const snapshot = (await straight.getWeights()).map(({ name, tensor }) => ({ name, tensor: tf.tensor(tensor.dataSync(), tensor.shape) }));
      const resumedWeight = tf.variable(tf.tensor1d(straightWeight.dataSync()), true, `straight-${saved}`.replace('straight', 'resumed'));
      stepAll(straight, straightWeight, 6);

      const resumed = tf.train.adam(0.01);
      // The moments are matched to variables by position, so rename them for the new variable.
      await restoreAdam(resumed, snapshot.map(({ name, tensor }) => ({ name: name.replace('straight', 'resumed'), tensor })));
      stepAll(resumed, resumedWeight, 6);
      expect(Array.from(resumedWeight.dataSync()), `saved after step ${saved}`).toEqual(Array.from(straightWeight.dataSync()));
      tf.dispose([straightWeight, resumedWeight]);
      straight.dispose();
      resumed.dispose();
    }
  });

  it('computes beta^n as a float32 running product', () => {
    expect(float32Power(0.9, 1)).toBe(Math.fround(0.9));
    expect(float32Power(0.9, 3)).toBe(Math.fround(Math.fround(Math.fround(0.9) * Math.fround(0.9)) * Math.fround(0.9)));
    expect(float32Power(0.999, 1000)).toBeCloseTo(0.999 ** 1000, 4);
  });
});
