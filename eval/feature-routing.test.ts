import { describe, expect, it } from 'vitest';
import { featureRouting } from './feature-routing.ts';

describe('featureRouting', () => {
  it('finds the rule when the feature decides which topology wins, and beats the best fixed one held out', () => {
    // Easy queries (feature 1): cheap wins; hard ones (feature 5): strong wins.
    const features = [1, 1, 5, 5, 1, 1, 5, 5];
    const candidates = new Map<string, number[]>([
      ['cheap', features.map((f) => (f === 1 ? 1 : 0))],
      ['strong', features.map((f) => (f === 1 ? 0.6 : 0.9))],
    ]);
    const result = featureRouting({ candidates, features });
    expect(result.rule).toEqual([
      { value: 1, queries: 4, topology: 'cheap' },
      { value: 5, queries: 4, topology: 'strong' },
    ]);
    expect(result.routed).toBeCloseTo(0.95);
    expect(result.fixed).toBeCloseTo(0.75);
  });

  it('gains nothing held out when the feature says nothing about which topology wins', () => {
    // Which topology wins alternates in pairs, independent of the feature: fitting per value chases noise.
    const features = [1, 1, 2, 2, 1, 1, 2, 2];
    const candidates = new Map<string, number[]>([
      ['a', [1, 1, 0, 0, 0, 0, 1, 1]],
      ['b', [0, 0, 1, 1, 1, 1, 0, 0]],
    ]);
    const result = featureRouting({ candidates, features });
    expect(result.routed).toBeLessThanOrEqual(result.fixed);
  });

  it('sends a feature value unseen in the fitting half to that half\'s best fixed topology', () => {
    const features = [1, 1, 1, 9];
    const candidates = new Map<string, number[]>([
      ['a', [1, 1, 1, 0]],
      ['b', [0, 0, 0, 1]],
    ]);
    // Query 3 (value 9) is scored with the rule fitted on queries 0 and 2, which never saw 9: it gets 'a'.
    expect(featureRouting({ candidates, features }).routed).toBeCloseTo(3 / 4);
  });

  it('refuses utilities that do not cover every query', () => {
    expect(() => featureRouting({ candidates: new Map([['a', [1]]]), features: [1, 2] })).toThrow(/candidate a: 1 utilities for 2 queries/);
  });
});
