import { describe, expect, it } from 'vitest';
import { type QueryMeans, type QueryTerm, centreOnQueries, creditBaselineOf } from './query-baseline.ts';
import { normaliseCredits } from './reward.ts';

const full = (query: number, utility: number): QueryTerm => ({ query, utility, kind: 'full' });

describe('centreOnQueries', () => {
  it('centres a query on its earlier visits, not on the visit being credited', () => {
    const first = centreOnQueries([full(0, 0.9), full(1, 0.1)], {});
    // The first batch has nothing seen yet: both terms are centred on the batch mean (0.5).
    expect(first.centred.map((term) => term.utility)).toEqual([expect.closeTo(0.4, 12), expect.closeTo(-0.4, 12)]);
    expect(first.means).toEqual({ 'full:0': { visits: 1, mean: 0.9 }, 'full:1': { visits: 1, mean: 0.1 } });
    const second = centreOnQueries([full(0, 0.8), full(1, 0.1), full(2, 0.7)], first.means);
    // Query 0 is centred on its own 0.9, query 1 on its 0.1, the unseen query 2 on the mean of the baselines seen (0.5).
    expect(second.centred.map((term) => term.utility)).toEqual([expect.closeTo(-0.1, 12), expect.closeTo(0, 12), expect.closeTo(0.2, 12)]);
    expect(second.means['full:0']).toEqual({ visits: 2, mean: expect.closeTo(0.85, 12) });
  });

  it('keeps the kinds apart and counts one visit per query and kind', () => {
    const terms: QueryTerm[] = [full(3, 0.6), { query: 3, utility: 0.9, kind: 'withoutLatency' }, full(3, 0.6)];
    const { centred, means } = centreOnQueries(terms, { 'full:3': { visits: 1, mean: 0.5 }, 'withoutLatency:3': { visits: 1, mean: 1 } });
    expect(centred.map((term) => [term.kind, term.utility])).toEqual([['full', expect.closeTo(0.1, 12)], ['withoutLatency', expect.closeTo(-0.1, 12)], ['full', expect.closeTo(0.1, 12)]]);
    expect(means['full:3']).toEqual({ visits: 2, mean: expect.closeTo(0.55, 12) });
    expect(means['withoutLatency:3']).toEqual({ visits: 2, mean: expect.closeTo(0.95, 12) });
  });

  it('averages the first visits, then gives the newest a quarter so the baseline follows the policy', () => {
    let means: QueryMeans = {};
    for (const utility of [1, 0, 1, 1]) means = centreOnQueries([full(0, utility)], means).means;
    expect(means['full:0']).toEqual({ visits: 4, mean: 0.75 }); // a plain mean of four visits
    means = centreOnQueries([full(0, 0)], means).means;
    expect(means['full:0']!.mean).toBeCloseTo(0.75 * 0.75, 12); // visit 5 weighs 1/4, not 1/5
  });

  it('does not change the state it was given', () => {
    const before: QueryMeans = { 'full:0': { visits: 1, mean: 0.9 } };
    const copy = structuredClone(before);
    centreOnQueries([full(0, 0.2), full(1, 0.3)], before);
    expect(before).toEqual(copy);
  });

  // The reason it exists: an easy query always answered right, a hard one always missed, and a cheap
  // (A) and a slow (B) graph for each. Latency costs B 0.04 of utility either way.
  it('on hand-made batches, ranks the slow graph below the cheap one where the batch EMA rewards it for its query being easy', () => {
    const easy = { A: 0.99, B: 0.95 };
    const hard = { A: -0.01, B: -0.05 };
    const history = centreOnQueries([full(0, easy.A), full(1, hard.A)], {}).means; // pass 0 drew A for both
    const later = [full(0, easy.B), full(1, hard.A)]; // pass 1 draws B for the easy query
    const batchOnly = normaliseCredits(later, { ema: { mean: 0.47, std: 0.5, initialized: true } }, false).normalised;
    expect(batchOnly[0]).toBeGreaterThan(0); // the slow graph is reinforced because its question is easy
    const centred = centreOnQueries(later, history).centred;
    const byQuery = normaliseCredits(centred, { ema: { mean: 0, std: 0.02, initialized: true } }, false).normalised;
    expect(byQuery[0]).toBeLessThan(0); // against its query's own record the slow graph lost utility
    expect(byQuery[0]!).toBeLessThan(byQuery[1]!); // and ranks below the cheap graph that did as well as before
  });
});

describe('creditBaselineOf', () => {
  it('defaults to the query baseline under the default rules and to the batch EMA under maas and legacy', () => {
    expect(creditBaselineOf({ rules: 'lamas' })).toBe('query');
    expect(creditBaselineOf({ rules: 'maas' })).toBe('batch');
    expect(creditBaselineOf({ rules: 'legacy' })).toBe('batch');
    expect(creditBaselineOf({ rules: 'lamas', creditBaseline: 'batch' })).toBe('batch');
    expect(creditBaselineOf({ rules: 'maas', creditBaseline: 'query' })).toBe('query');
  });
});
