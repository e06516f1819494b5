import { describe, expect, it } from 'vitest';
import { cheapestRouting } from './cheapest-routing.ts';

const o = (correct: boolean, cpTokens: number) => ({ correct, cpTokens });

describe('cheapest routing under an accuracy floor', () => {
  // Query 0: cheap and right; 1: cheap wrong (right costs +50); 2: cheap wrong (right costs +10); 3: never right.
  const candidates = new Map([
    ['Programmer', [o(true, 100), o(false, 100), o(false, 200), o(false, 100)]],
    ['CoT', [o(true, 300), o(true, 150), o(true, 210), o(false, 300)]],
  ]);

  it('without a floor every query takes its cheapest candidate', () => {
    const result = cheapestRouting(candidates, 0);
    expect(result.meanCp).toBe(125);
    expect(result.accuracy).toBe(0.25);
    expect(result.floorlessMeanCp).toBe(125);
  });

  it('meets the floor with the switches that cost the least extra', () => {
    // 50%: one switch needed; query 2's (+10) is cheaper than query 1's (+50).
    expect(cheapestRouting(candidates, 0.5)).toEqual({ meanCp: 127.5, accuracy: 0.5, floorlessMeanCp: 125 });
    // 75%: both switches.
    expect(cheapestRouting(candidates, 0.75).meanCp).toBe(140);
  });

  it('is null when no routing reaches the floor (query 3 is never right)', () => {
    expect(cheapestRouting(candidates, 1)).toEqual({ meanCp: null, accuracy: null, floorlessMeanCp: 125 });
  });

  it('refuses candidates of different lengths', () => {
    expect(() => cheapestRouting(new Map([['A', [o(true, 1)]], ['B', []]]), 0)).toThrow(/candidate B/);
  });
});
