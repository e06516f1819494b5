import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff-delay.ts';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 1000 };
  const cases: Array<[number, number, number]> = [
    // attempt, random, expected ms
    [0, 0, 0],
    [0, 0.5, 50],
    [0, 0.999, 99],
    [1, 0.5, 100],
    [2, 0.5, 200],
    [3, 0.5, 400],
    [4, 0.5, 500], // cap 1000 reached
    [10, 0.999, 999],
    [2000, 0.5, 500], // 2 ** 2000 is Infinity: still capped
    [-1, 0.5, 50], // nonsense attempt treated as the first
  ];
  it.each(cases)('attempt %i with random %f → %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, options, () => random)).toBe(expected);
  });

  it('stays in [0, cap) for the defaults', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const cap = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** attempt);
      for (const random of [0, 0.3, 0.9999]) {
        const ms = backoffDelay(attempt, DEFAULT_BACKOFF, () => random);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(cap);
      }
    }
  });
});
