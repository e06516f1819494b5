import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { embeddedDataPath, embeddedSplits, embeddedTasks } from '../../../data/index.ts';
import { getTask } from '../../tasks/registry.ts';
import { fnv1a32 } from './fnv-hash.ts';
import { createHashEncoder, hashFeatures, hashStructuralFeatureNames, minHashDimension } from './hash-encoder.ts';

const gsm8k = 'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?';
const gsm8kVariant = 'Natalia sold clips to 72 of her friends in June, and then she sold half as many clips in July. How many clips did she sell altogether?';
const humaneval = 'def has_close_elements(numbers: List[float], threshold: float) -> bool:\n    """ Check if in given list of numbers, are any two numbers closer to each other than given threshold.\n    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)\n    False\n    """';
const math = 'Find the value of $x$ such that $\\sqrt{x+7} = 9$.';

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((value, i) => {
    dot += value * b[i]!;
    aa += value * value;
    bb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(aa * bb);
}

function bytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function slot(name: (typeof hashStructuralFeatureNames)[number]): number {
  return hashStructuralFeatureNames.indexOf(name);
}

describe('hash query encoder', () => {
  it('is byte-identical across encoder instances and calls', async () => {
    const texts = [gsm8k, humaneval, math, ''];
    const first = await createHashEncoder().encode(texts);
    const second = await createHashEncoder().encode(texts);
    expect(first).toHaveLength(4);
    first.forEach((vector, i) => expect(bytes(vector).equals(bytes(second[i]!))).toBe(true));
  });

  it('matches a pinned digest, so vectors are the same on every run and machine', () => {
    // If this fails, the features changed and every saved hash-encoder checkpoint is invalid:
    // change it only on purpose.
    const digest = createHash('sha256');
    for (const text of [gsm8k, humaneval, math, '', 'Ünïcödé ﬁnd 3½ × 2 ≤ 7?']) digest.update(bytes(hashFeatures(text)));
    expect(digest.digest('hex')).toBe('3e670ca37b24a2a59eae6a0a3a97328e441612fc3822cae8b0cff2c0702b78a5');
  });

  it('matches the digest of every embedded question pinned before the encoder was sped up', async () => {
    // Computed with the string-keyed encoder this one replaced: the speed-up changed no bit.
    const digest = createHash('sha256');
    let texts = 0;
    for (const task of embeddedTasks) {
      for (const split of embeddedSplits) {
        for (const problem of await getTask(task).load(embeddedDataPath(task, split))) {
          digest.update(bytes(hashFeatures(problem.question)));
          texts++;
        }
      }
    }
    expect(texts).toBe(610);
    expect(digest.digest('hex')).toBe('c486b27475668094274b441d0211b3200570fc7ef845a0082e444f147681e2d8');
  });

  it('uses the standard FNV-1a 32-bit hash', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes TextEncoder would give, lone surrogates as U+FFFD', () => {
    const reference = (text: string) => {
      let hash = 0x811c9dc5;
      for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
      return hash >>> 0;
    };
    for (const text of ['ascii', 'Ünïcödé', 'π ≤ 7 · 3½', '数学の問題', 'emoji 🧮👩‍💻', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d', '\u0080\u07ff\u0800\uffff']) {
      expect(fnv1a32(text), text).toBe(reference(text));
    }
  });

  it('honours the dimension and names it in the spec only when not the default', async () => {
    const standard = createHashEncoder();
    expect(standard.dimension).toBe(256);
    expect(standard.spec).toBe('hash');
    const wide = createHashEncoder({ dimension: 512 });
    expect(wide.spec).toBe('hash:512');
    const [vector] = await wide.encode([gsm8k]);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(512);
    expect(() => createHashEncoder({ dimension: minHashDimension - 1 })).toThrow(RangeError);
    expect(() => createHashEncoder({ dimension: 100.5 })).toThrow(RangeError);
  });

  it('gives different texts different vectors', () => {
    const a = hashFeatures('How many apples does Tom have?');
    const b = hashFeatures('How many oranges does Tom have?');
    expect(bytes(a).equals(bytes(b))).toBe(false);
  });

  it('puts similar questions closer than unrelated ones', () => {
    const same = cosine(hashFeatures(gsm8k), hashFeatures(gsm8kVariant));
    expect(same).toBeGreaterThan(cosine(hashFeatures(gsm8k), hashFeatures(humaneval)));
    expect(same).toBeGreaterThan(cosine(hashFeatures(gsm8k), hashFeatures(math)));
    expect(same).toBeGreaterThan(0.8);
  });

  it('ignores case and unicode compatibility forms', () => {
    expect(bytes(hashFeatures('HOW MANY APPLES?')).equals(bytes(hashFeatures('how many apples?')))).toBe(true);
    // NFKC: a full-width "ｘ" and an "ﬁ" ligature are the plain letters.
    expect(bytes(hashFeatures('ｘ ﬁnd')).equals(bytes(hashFeatures('x find')))).toBe(true);
  });

  it('responds to numbers', () => {
    const none = hashFeatures('Tom has some apples and gives some away.');
    const small = hashFeatures('Tom has 5 apples and gives 2 away.');
    const large = hashFeatures('Tom has 5,000,000 apples and gives 2.5 away.');
    expect(none[slot('number-count')]).toBe(0);
    expect(small[slot('number-count')]).toBeCloseTo(Math.log1p(2), 6);
    expect(small[slot('distinct-numbers')]).toBeCloseTo(Math.log1p(2), 6);
    expect(large[slot('largest-number')]).toBeGreaterThan(small[slot('largest-number')]!);
    expect(large[slot('largest-number')]).toBeCloseTo(Math.log10(5_000_001) / 3, 5);
    expect(small[slot('number-fraction')]).toBeGreaterThan(0);
    expect(none[slot('has-decimal-or-fraction')]).toBe(0);
    expect(large[slot('has-decimal-or-fraction')]).toBe(1);
    // Values live in the structural block: the hashed words see one shape token for any number.
    const other = hashFeatures('Tom has 7 apples and gives 3 away.');
    const hashedOnly = (v: Float32Array) => bytes(v.subarray(hashStructuralFeatureNames.length));
    expect(hashedOnly(small).equals(hashedOnly(other))).toBe(true);
  });

  it('flags LaTeX, code, questions and sentences', () => {
    expect(hashFeatures(math)[slot('latex')]).toBeGreaterThan(0);
    expect(hashFeatures(gsm8k)[slot('latex')]).toBe(0);
    expect(hashFeatures(humaneval)[slot('code')]).toBeGreaterThan(0);
    expect(hashFeatures(gsm8k)[slot('code')]).toBe(0);
    expect(hashFeatures(gsm8k)[slot('question-marks')]).toBeCloseTo(Math.log1p(1), 6);
    expect(hashFeatures('One. Two! Three? Pi is 3.14 here')[slot('sentence-count')]).toBeCloseTo(Math.log1p(4), 6);
  });

  it('keeps the hashed block unit-length and structural features within [-3, 3]', () => {
    const huge = `${'word '.repeat(50_000)} ${'9'.repeat(400)} ${'$\\x '.repeat(10_000)}`;
    for (const text of [gsm8k, humaneval, math, huge, 'x']) {
      const vector = hashFeatures(text);
      const structural = vector.subarray(0, hashStructuralFeatureNames.length);
      const hashed = vector.subarray(hashStructuralFeatureNames.length);
      for (const value of structural) {
        expect(Number.isFinite(value)).toBe(true);
        expect(Math.abs(value)).toBeLessThanOrEqual(3);
      }
      expect(Math.hypot(...hashed)).toBeCloseTo(1, 5);
    }
  });

  it('encodes the empty string to a finite vector', async () => {
    const [vector] = await createHashEncoder().encode(['']);
    expect(vector).toHaveLength(256);
    expect(vector!.every((value) => Number.isFinite(value))).toBe(true);
    expect(vector!.subarray(hashStructuralFeatureNames.length).every((value) => value === 0)).toBe(true);
  });

  it('returns nothing for no texts and honours an aborted signal', async () => {
    const encoder = createHashEncoder();
    expect(await encoder.encode([])).toEqual([]);
    await expect(encoder.encode(['x'], AbortSignal.abort())).rejects.toThrow();
  });
});

describe('hash encoder on long runs of punctuation', () => {
  it('counts sentence ends in linear time (a run of marks is matched from its first mark only)', () => {
    // 256 K of '!' with no whitespace took minutes with the backtracking pattern: the test
    // would time out long before it ends.
    const long = hashFeatures(`${'!'.repeat(262_144)} end`);
    expect(long.every(Number.isFinite)).toBe(true);
  });
});
