import { describe, expect, it } from 'vitest';
import { Random } from '../../util/random.ts';
import { countFeatures, FeatureCounts } from './feature-counts.ts';
import { fnv1a32 } from './fnv-hash.ts';

/** The definition the table implements: feature texts counted in a string-keyed Map, in first-occurrence order. */
function plainCounts(tokens: readonly string[]): Array<[number, number]> {
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  let previous: string | undefined;
  for (const token of tokens) {
    const isNumber = /^\d/.test(token);
    const term = isNumber ? '<num>' : token;
    add(`u:${term}`);
    if (isNumber || /^[\p{L}\p{N}_]/u.test(token)) {
      if (previous !== undefined) add(`b:${previous} ${term}`);
      previous = term;
    }
  }
  return [...counts].map(([feature, count]) => [fnv1a32(feature), count]);
}

function tableCounts(features: FeatureCounts): Array<[number, number]> {
  return Array.from({ length: features.size }, (_, i) => [features.hashes[i]!, features.counts[i]!]);
}

const pieces = ['a', 'the', 'Ünï', 'ﬁnd', '3½', '1,000', '3.5', '42', '数学', '🧮', '\ud800', '\udc00', '_x', '×', 'Σ', '?', '$', '<num>', 'u:', 'b:', 'İ'];

describe('feature counts', () => {
  it('equal the string-keyed definition, in order, on random token lists short and long', () => {
    const random = Random.fromSeed(7);
    for (let trial = 0; trial < 300; trial++) {
      const length = trial % 50 === 0 ? 3000 : random.int(0, 60);
      const tokens = Array.from({ length }, () => random.pick(pieces));
      expect(tableCounts(countFeatures(tokens).features), `trial ${trial}`).toEqual(plainCounts(tokens));
    }
  });

  it('count numbers as one shape and keep their values and the word count', () => {
    const { features, numbers, words } = countFeatures(['5', 'apples', 'and', '1,000', 'pears', '?']);
    expect(numbers).toEqual([5, 1000]);
    expect(words).toBe(3);
    expect(features.hashes[0]).toBe(fnv1a32('u:<num>'));
    expect(features.counts[0]).toBe(2);
  });

  it('keep features with the same hash but different parts apart', () => {
    const table = new FeatureCounts();
    table.reset();
    table.add(12345, 'a', undefined);
    table.add(12345, 'b', undefined);
    table.add(12345, 'a', 'b');
    table.add(12345, 'a', undefined);
    expect(tableCounts(table)).toEqual([
      [12345, 2],
      [12345, 1],
      [12345, 1],
    ]);
  });

  it('stay linear and exact when many features share one hash (a crafted body)', () => {
    const table = new FeatureCounts();
    table.reset();
    // 3,000 distinct features with one hash would cost ~4.5M probes in a plain probe chain.
    for (let round = 0; round < 2; round++) for (let i = 0; i < 3000; i++) table.add(7, `w${i}`, i % 2 ? 'x' : undefined);
    table.add(8, 'other', undefined);
    expect(table.size).toBe(3001);
    expect(table.counts.slice(0, 3000).every((count) => count === 2)).toBe(true);
    expect(tableCounts(table).at(-1)).toEqual([8, 1]);
    table.reset();
    table.add(7, 'w0', undefined);
    expect(tableCounts(table)).toEqual([[7, 1]]);
  });

  it('grow past their first capacity and start empty again after a reset', () => {
    const table = new FeatureCounts();
    table.reset();
    for (let i = 0; i < 5000; i++) table.add(i * 7919, `t${i}`, undefined);
    for (let i = 0; i < 5000; i += 2) table.add(i * 7919, `t${i}`, undefined);
    expect(table.size).toBe(5000);
    expect(table.counts.slice(0, 4)).toEqual([2, 1, 2, 1]);
    table.reset();
    expect(table.size).toBe(0);
    table.add(1, 'x', undefined);
    table.add(1, 'x', undefined);
    expect(tableCounts(table)).toEqual([[1, 2]]);
  });
});
