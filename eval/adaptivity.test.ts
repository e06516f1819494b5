import { describe, expect, it } from 'vitest';
import { topologySpread } from './adaptivity.ts';

describe('topology spread', () => {
  const of = (...topologies: string[]) => topologies.map((topology) => ({ topology }));

  it('one topology for every query: 1 distinct, 0 bits, share 1', () => {
    expect(topologySpread(of('CoT', 'CoT', 'CoT'))).toEqual({ distinctTopologies: 1, entropyBits: 0, mostCommon: 'CoT', mostCommonShare: 1 });
  });

  it('entropy in bits of the chosen-topology distribution; the most common first (ties by name)', () => {
    const even = topologySpread(of('A', 'B', 'C', 'D'));
    expect(even.entropyBits).toBe(2);
    expect(even.mostCommon).toBe('A');
    const skewed = topologySpread(of('B', 'A', 'B', 'B'));
    expect(skewed.entropyBits).toBeCloseTo(-(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25)), 8);
    expect(skewed).toMatchObject({ distinctTopologies: 2, mostCommon: 'B', mostCommonShare: 0.75 });
  });

  it('no queries: zeros, not NaN', () => {
    expect(topologySpread([])).toEqual({ distinctTopologies: 0, entropyBits: 0, mostCommon: '', mostCommonShare: 0 });
  });
});
