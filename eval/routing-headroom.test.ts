import { describe, expect, it } from 'vitest';
import { routingHeadroom } from './routing-headroom.ts';

describe('routing headroom', () => {
  it('oracle is the per-query best, best fixed the best mean, share the part of the gap the controller closes', () => {
    const candidates = new Map([
      ['Generate', [1, 0, 0, 1]],
      ['CoT', [0, 1, 0, 1]],
      ['Programmer', [0, 0, 1, 0]],
    ]);
    // Best fixed: Generate or CoT (0.5 each; CoT first by name); oracle: 1 on every query.
    const perfect = routingHeadroom({ candidates, controller: [1, 1, 1, 1] });
    expect(perfect.oracle).toBe(1);
    expect(perfect.bestFixed).toEqual({ topology: 'CoT', utility: 0.5 });
    expect(perfect.share).toBe(1);
    expect(perfect.queriesWithHeadroom).toBe(2);
    const fixed = routingHeadroom({ candidates, controller: [0, 1, 0, 1] });
    expect(fixed.share).toBe(0);
    const half = routingHeadroom({ candidates, controller: [1, 1, 0, 1] });
    expect(half.share).toBeCloseTo(0.5, 12);
  });

  it('no headroom: the share is null rather than a division by zero', () => {
    const result = routingHeadroom({ candidates: new Map([['Generate', [1, 0]]]), controller: [1, 0] });
    expect(result.share).toBeNull();
    expect(result.queriesWithHeadroom).toBe(0);
  });
});
