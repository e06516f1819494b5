import { randomBytes } from 'node:crypto';
import { fnvContinue, fnvOffset, fnvStep } from './fnv-hash.ts';

/**
 * Numbers count as one shape token: their values are in the structural block, and "5 apples"
 * vs "7 apples" should look like the same kind of question to the controller.
 */
const numberTerm = '<num>';
const unigramPrefix = fnvContinue(fnvOffset, 'u:');
const bigramPrefix = fnvContinue(fnvOffset, 'b:');
const space = 0x20;
const wordStart = /^[\p{L}\p{N}_]/u;
const initialCapacity = 1024;
/**
 * Probes after which a text's counting moves to a string-keyed Map. FNV is easy to collide on
 * purpose, and a request body full of colliding words would make linear probing quadratic; the
 * Map (V8's seeded string hash) keeps it linear. Natural text never gets near this.
 */
const probeLimit = 64;
/** Spreads hashes over slots; random per process, so slots cannot be aimed at (the output never depends on slots). */
const slotSeed = randomBytes(4).readUInt32LE(0);

/**
 * Counts of a text's distinct features in order of first occurrence (the order the hash
 * encoder sums them in). A feature is a unigram `u:<term>` (second undefined) or a bigram
 * `b:<first> <second>`, kept as its parts with the FNV-1a hash of its text: building that text
 * per token and looking it up in a string-keyed Map took most of the encoder's time. The table
 * is open addressing over typed arrays and is reused from text to text (encoding is synchronous).
 */
export class FeatureCounts {
  size = 0;
  readonly hashes: number[] = [];
  readonly counts: number[] = [];
  private readonly firsts: string[] = [];
  private readonly seconds: Array<string | undefined> = [];
  /** Entry index per slot; a slot is taken only while its stamp equals the current generation. */
  private slots = new Int32Array(initialCapacity);
  private stamps = new Int32Array(initialCapacity);
  private shift = 32 - Math.log2(initialCapacity);
  private generation = 0;
  /** Entry index by identity text, once this text probed too long (see probeLimit). */
  private byIdentity: Map<string, number> | undefined;

  /** Empties the table in O(1) by moving to a new generation; a long text's big arrays are let go. */
  reset(): void {
    if (this.size > initialCapacity) for (const list of [this.hashes, this.counts, this.firsts, this.seconds]) list.length = 0;
    this.size = 0;
    this.byIdentity = undefined;
    if (this.slots.length > initialCapacity) this.resize(initialCapacity);
    if (++this.generation === 0x7fff_ffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  add(hash: number, first: string, second: string | undefined): void {
    if (this.byIdentity) return this.addByIdentity(hash, first, second);
    if (2 * (this.size + 1) > this.slots.length) this.resize(this.slots.length * 2);
    const mask = this.slots.length - 1;
    let slot = this.slotOf(hash);
    for (let probes = 0; this.stamps[slot] === this.generation; probes++) {
      const entry = this.slots[slot]!;
      if (this.hashes[entry] === hash && this.firsts[entry] === first && this.seconds[entry] === second) {
        this.counts[entry]!++;
        return;
      }
      if (probes === probeLimit) {
        this.byIdentity = new Map(this.firsts.slice(0, this.size).map((entryFirst, i) => [identity(entryFirst, this.seconds[i]), i]));
        return this.addByIdentity(hash, first, second);
      }
      slot = (slot + 1) & mask;
    }
    this.stamps[slot] = this.generation;
    this.slots[slot] = this.size;
    this.append(hash, first, second);
  }

  private addByIdentity(hash: number, first: string, second: string | undefined): void {
    const key = identity(first, second);
    const entry = this.byIdentity!.get(key);
    if (entry !== undefined) {
      this.counts[entry]!++;
      return;
    }
    this.byIdentity!.set(key, this.size);
    this.append(hash, first, second);
  }

  private append(hash: number, first: string, second: string | undefined): void {
    this.hashes[this.size] = hash;
    this.counts[this.size] = 1;
    this.firsts[this.size] = first;
    this.seconds[this.size] = second;
    this.size++;
  }

  /** Fibonacci hashing of the seeded hash: the top bits, well spread whatever the low bits do. */
  private slotOf(hash: number): number {
    return Math.imul(hash ^ slotSeed, 0x9e3779b1) >>> this.shift;
  }

  /** New slot arrays of `capacity` (a power of two) holding the current entries. */
  private resize(capacity: number): void {
    this.slots = new Int32Array(capacity);
    this.stamps = new Int32Array(capacity);
    this.shift = 32 - Math.log2(capacity);
    const mask = capacity - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.slotOf(this.hashes[entry]!);
      while (this.stamps[slot] === this.generation) slot = (slot + 1) & mask;
      this.stamps[slot] = this.generation;
      this.slots[slot] = entry;
    }
  }
}

/** A feature's parts as one unambiguous text (the unigram/bigram mark, then length-prefixed parts). */
function identity(first: string, second: string | undefined): string {
  return second === undefined ? `u${first}` : `b${first.length}:${first}${second}`;
}

const table = new FeatureCounts();

export interface CountedTokens {
  /** Valid until the next call. */
  features: FeatureCounts;
  /** The values of the number tokens, in order. */
  numbers: number[];
  /** Word tokens that are not numbers. */
  words: number;
}

/** Unigrams over all tokens, bigrams over consecutive word/number tokens. */
export function countFeatures(tokens: readonly string[]): CountedTokens {
  table.reset();
  const numbers: number[] = [];
  let words = 0;
  let previous: string | undefined;
  // FNV state after `b:<previous> `, so each bigram hashes only its second term.
  let previousPrefix = 0;
  for (const token of tokens) {
    const isNumber = isDigit(token.charCodeAt(0));
    const isWord = isNumber || startsWord(token);
    const term = isNumber ? numberTerm : token;
    table.add(fnvContinue(unigramPrefix, term) >>> 0, term, undefined);
    if (isNumber) numbers.push(parseNumber(token));
    else if (isWord) words++;
    if (isWord) {
      if (previous !== undefined) table.add(fnvContinue(previousPrefix, term) >>> 0, previous, term);
      previous = term;
      previousPrefix = fnvStep(fnvContinue(bigramPrefix, term), space);
    }
  }
  return { features: table, numbers, words };
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Whether a token begins like a word ([\p{L}\p{N}_]); ASCII is decided without the regex. */
function startsWord(token: string): boolean {
  const code = token.charCodeAt(0);
  if (code < 0x80) return isDigit(code) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
  return wordStart.test(token);
}

function parseNumber(token: string): number {
  const value = Number(token.replaceAll(',', ''));
  // A 400-digit "number" parses to Infinity; it is simply "very large" (clipped later).
  return Number.isFinite(value) ? value : Number.MAX_VALUE;
}
