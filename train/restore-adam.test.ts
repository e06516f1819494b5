import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTfBackend, tf } from '../src/controller/tf-backend.ts';
import { float32Power, restoreAdam } from './restore-adam.ts';

/** Adam steps on a small quadratic, each toward a different target. */
function stepAll(optimizer: tf.AdamOptimizer, weight: tf.Variable, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const target = tf.tensor1d([0.3 * i, -1.7, 2.2]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(weight, target))) as tf.Scalar, [weight]);
    optimizer.applyGradients([{ name: weight.name, tensor: grads[weight.name]! }]);
    tf.dispose([target, ...Object.values(grads)]);
  }
}

/** tfjs keeps one global registry of variable names. */
let variables = 0;

type Restore = (optimizer: tf.AdamOptimizer, weights: Parameters<tf.AdamOptimizer['setWeights']>[0]) => Promise<void>;

/** Saves after `saved` steps, restores into a fresh optimizer and variable, runs 6 more steps on both: the max weight difference. */
async function resumeDrift(saved: number, restore: Restore): Promise<number> {
  const straightWeight = tf.variable(tf.tensor1d([0.5, 0.1, -0.4]), true, `straight-${++variables}`);
  const straight = tf.train.adam(0.01);
  stepAll(straight, straightWeight, saved);
  const snapshot = (await straight.getWeights()).map(({ name, tensor }) => ({ name, tensor: tf.tensor(tensor.dataSync(), tensor.shape) }));
  const resumedWeight = tf.variable(tf.tensor1d(straightWeight.dataSync()), true, `resumed-${++variables}`);
  stepAll(straight, straightWeight, 6);
  const resumed = tf.train.adam(0.01);
  await restore(resumed, snapshot);
  stepAll(resumed, resumedWeight, 6);
  const a = straightWeight.dataSync();
  const b = resumedWeight.dataSync();
  const drift = Math.max(...Array.from(a, (value, i) => Math.abs(value - b[i]!)));
  tf.dispose([straightWeight, resumedWeight]);
  straight.dispose();
  resumed.dispose();
  return drift;
}

describe('restoreAdam', () => {
  beforeAll(async () => {
    await ensureTfBackend();
  });

  it('continues bit for bit like an optimizer that never stopped, whatever step it was saved at', async () => {
    for (let saved = 1; saved <= 12; saved++) expect(await resumeDrift(saved, restoreAdam), `saved after step ${saved}`).toBe(0);
  });

  it("is needed: tfjs's own setWeights drifts at some of those steps", async () => {
    const drifts = [];
    for (let saved = 1; saved <= 12; saved++) drifts.push(await resumeDrift(saved, (optimizer, weights) => optimizer.setWeights(weights)));
    expect(Math.max(...drifts)).toBeGreaterThan(0);
  });

  it('computes beta^n as a float32 running product', () => {
    expect(float32Power(0.9, 1)).toBe(Math.fround(0.9));
    expect(float32Power(0.9, 3)).toBe(Math.fround(Math.fround(Math.fround(0.9) * Math.fround(0.9)) * Math.fround(0.9)));
    expect(float32Power(0.999, 1000)).toBeCloseTo(0.999 ** 1000, 4);
  });
});
