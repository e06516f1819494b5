import { describe, expect, it } from 'vitest';
import { entropyAt, entropyEndOf, entropyOf } from './entropy-schedule.ts';
import { trainConfigSchema } from './train-config.ts';

describe('the entropy bonus schedule', () => {
  it('moves linearly from the first weight at step 0 to the end weight at the last step', () => {
    const schedule = { entropy: 0.05, entropyEnd: 0.01 };
    expect(entropyAt(schedule, 0, 5)).toBeCloseTo(0.05, 12);
    expect(entropyAt(schedule, 2, 5)).toBeCloseTo(0.03, 12);
    expect(entropyAt(schedule, 4, 5)).toBeCloseTo(0.01, 12);
    // A run longer than planned (never: the trainer stops at totalSteps) would not go past the end weight.
    expect(entropyAt(schedule, 9, 5)).toBeCloseTo(0.01, 12);
    // One step: the first weight.
    expect(entropyAt(schedule, 0, 1)).toBe(0.05);
  });

  it('decays to 0 unless an end weight is given, from the rule set\'s first weight', () => {
    const lamas = trainConfigSchema.parse({});
    expect([entropyOf(lamas), entropyEndOf(lamas)]).toEqual([0.05, 0]);
    expect(entropyAt({ entropy: entropyOf(lamas), entropyEnd: entropyEndOf(lamas) }, 131, 263)).toBeCloseTo(0.025, 12);
    for (const rules of ['maas', 'legacy'] as const) {
      const config = trainConfigSchema.parse({ rules });
      expect([entropyOf(config), entropyEndOf(config)]).toEqual([0, 0]);
    }
    const constant = trainConfigSchema.parse({ entropy: 0.02, entropyEnd: 0.02 });
    expect(entropyAt({ entropy: entropyOf(constant), entropyEnd: entropyEndOf(constant) }, 7, 10)).toBe(0.02);
  });

  it('rejects a negative end weight, naming the field', () => {
    const parsed = trainConfigSchema.safeParse({ entropyEnd: -0.1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['entropyEnd']);
  });
});
