import { countFeatures } from './feature-counts.ts';
import { fmix32 } from './fnv-hash.ts';
import type { QueryEncoder } from './query-encoder.ts';

export const hashEncoderSpec = 'hash';
export const defaultHashDimension = 256;

/**
 * Names of the structural slots, in order; they fill the first `hashStructuralFeatureNames.length`
 * dimensions and the hashed word features fill the rest. Exported so tools can label them.
 * Changing this list (or anything below) changes every vector, i.e. invalidates checkpoints.
 */
export const hashStructuralFeatureNames = [
  'number-count', // log1p(numbers in the text)
  'largest-number', // log10(1 + largest number) / 3: saturates at a billion
  'number-fraction', // numbers / (numbers + words)
  'distinct-numbers', // log1p(distinct numbers)
  'has-decimal-or-fraction', // 0/1: "3.5", "1/2", "%"
  'word-count', // (log1p(words) - 3.5) / 1.5: about 0 for a 30-word question
  'char-count', // (log1p(characters) - 5.5) / 1.5: about 0 for 250 characters
  'sentence-count', // log1p(sentences)
  'question-marks', // log1p("?" count)
  'latex', // log1p(LaTeX markers: "\command", "$")
  'code', // log1p(code markers: "def ", "return", '"""', "```", ">>>", "import ")
  'math-operators', // log1p(+ - * / = ^ < > count) / 2
] as const;

const structuralCount = hashStructuralFeatureNames.length;
/** Below this the hashed block is too small to tell texts apart; a config error, not a choice. */
export const minHashDimension = 32;
/** Structural slots are clipped here: large enough to keep information, small enough for an MLP input. */
const structuralLimit = 3;

export interface HashEncoderOptions {
  /** Vector length; default 256. */
  dimension?: number;
}

/**
 * The default, offline query encoder: signed feature hashing of lowercase word unigrams and
 * bigrams (log1p-scaled counts, block L2-normalised) plus a few numeric/structural features.
 *
 * Determinism across runs and machines is a contract (checkpoints store only the spec): no
 * randomness, a fixed 32-bit hash (FNV-1a over UTF-8, then the murmur3 finaliser for spread),
 * NFKC normalisation and locale-free lowercasing, feature accumulation in text order, and only
 * IEEE-exact or V8-fdlibm math (sqrt, log, log1p, log10), which is bit-stable across platforms.
 */
export function createHashEncoder(options: HashEncoderOptions = {}): QueryEncoder {
  const dimension = options.dimension ?? defaultHashDimension;
  if (!Number.isInteger(dimension) || dimension < minHashDimension) {
    throw new RangeError(`hash encoder dimension must be a whole number >= ${minHashDimension}, got ${dimension}`);
  }
  const spec = dimension === defaultHashDimension ? hashEncoderSpec : `${hashEncoderSpec}:${dimension}`;
  return {
    spec,
    dimension,
    init: async () => {},
    encode: async (texts, signal) => {
      signal?.throwIfAborted();
      return texts.map((text) => hashFeatures(text, dimension));
    },
  };
}

/** One text to its vector; synchronous and pure, exported for callers that want no promise (serving). */
export function hashFeatures(text: string, dimension = defaultHashDimension): Float32Array {
  const vector = new Float64Array(dimension);
  const normalized = text.normalize('NFKC').toLowerCase();
  const tokens = normalized.match(tokenPattern) ?? [];

  // --- hashed block: unigrams over all tokens, bigrams over consecutive word/number tokens ---
  const { features, numbers, words } = countFeatures(tokens);
  const hashed = dimension - structuralCount;
  for (let i = 0; i < features.size; i++) {
    const mixed = fmix32(features.hashes[i]!);
    const slot = structuralCount + (mixed % hashed);
    // Signed hashing: collisions cancel in expectation instead of piling up.
    vector[slot]! += (mixed & 0x8000_0000 ? -1 : 1) * Math.log1p(features.counts[i]!);
  }
  let squares = 0;
  for (let i = structuralCount; i < dimension; i++) squares += vector[i]! * vector[i]!;
  if (squares > 0) {
    const norm = Math.sqrt(squares);
    for (let i = structuralCount; i < dimension; i++) vector[i]! /= norm;
  }

  // --- structural block ---
  const largest = numbers.reduce((max, value) => Math.max(max, value), 0);
  const structural = [
    Math.log1p(numbers.length),
    Math.log10(1 + largest) / 3,
    numbers.length / Math.max(1, numbers.length + words),
    Math.log1p(new Set(numbers).size),
    /\d\.\d|\d\s*\/\s*\d|%/.test(normalized) ? 1 : 0,
    // Lengths are centred on a typical benchmark question so they do not act as a large
    // constant input that drowns the unit-norm hashed block.
    (Math.log1p(numbers.length + words) - 3.5) / 1.5,
    (Math.log1p(normalized.length) - 5.5) / 1.5,
    Math.log1p(countSentences(normalized)),
    Math.log1p(countMatches(normalized, /\?/g)),
    Math.log1p(countMatches(normalized, /\\[a-z]+|\$/g)),
    Math.log1p(countMatches(normalized, /\bdef |\breturn\b|"""|```|>>>|\bimport /g)),
    Math.log1p(countMatches(normalized, /[+\-*/=^<>×÷]/g)) / 2,
  ];
  structural.forEach((value, slot) => {
    vector[slot] = Math.min(structuralLimit, Math.max(-structuralLimit, value));
  });
  return new Float32Array(vector);
}

/**
 * Numbers first (so "1,000" and "3.5" stay whole), then words, then any single other visible
 * character (operators, brackets, "$", "\" carry signal for maths and code).
 */
const tokenPattern = /\d+(?:,\d{3})*(?:\.\d+)?|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/** Sentence ends followed by space or the end, so "3.5" is not a sentence; a non-empty text has at least one. */
function countSentences(text: string): number {
  if (text.trim() === '') return 0;
  // The lookbehind starts a match only at the first mark of a run: without it a long run of marks
  // with no space after it is retried from every position (quadratic: 2.4 s for 32 K of "!").
  const ends = countMatches(text.trimEnd(), /(?<![.!?])[.!?]+(?=\s)/g);
  return ends + 1;
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}
