/**
 * Token counting time, old (gpt-tokenizer's plain `encode`, quadratic in the length of one
 * pre-tokenized piece) vs new (`countTokens`: pieces cut at `maxBpeChars`, linear), in one run.
 * Goal: 256 KB of repetitive text in under 50 ms. The old way is timed at sizes up to
 * --old-max characters (default 32768) where it is quadratic: at 256 KB it would take minutes.
 * Run: npx tsx bench/count-tokens.ts [--repeats 5] [--old-max 32768]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { embeddedDataPath } from '../data/index.ts';
import { countTokens } from '../src/llm/count-tokens.ts';
import { Random } from '../src/util/random.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, 'old-max': { type: 'string', default: '32768' } } });
const repeats = Number(values.repeats);
const oldMax = Number(values['old-max']);
const size = 256 * 1024;

/** Ordinary prose and math: the self-made GSM8K and MATH questions, repeated to the size. */
function prose(length: number): string {
  const questions = ['gsm8k', 'math'].flatMap((task) =>
    readFileSync(embeddedDataPath(task as 'gsm8k' | 'math', 'train'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => String((JSON.parse(line) as { question?: string; problem?: string }).question ?? (JSON.parse(line) as { problem?: string }).problem ?? '')),
  );
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${questions[i % questions.length]}\n\n`;
  return text.slice(0, length);
}

/** One long piece of non-repeating lowercase letters: no chunk repeats, so no cache helps. */
function randomLetters(length: number): string {
  const random = Random.derive(1, 'bench-count-tokens');
  return Array.from({ length }, () => String.fromCharCode(97 + random.int(0, 25))).join('');
}

function time(count: (text: string) => number, text: string, runs: number): { first: number; median: number; tokens: number } {
  const times: number[] = [];
  let tokens = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    tokens = count(text);
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { first: times[0]!, median: sorted[Math.floor(sorted.length / 2)]!, tokens };
}

const oldCount = (text: string) => encode(text).length;
const ms = (value: number) => `${value.toFixed(1)} ms`;

console.log(`machine: ${machineLine()}`);
// Load both tokenizers' tables before timing anything.
countTokens('warm up');
oldCount('warm up');

const inputs: Array<[string, (length: number) => string, boolean]> = [
  ["'a' x n", (n) => 'a'.repeat(n), true],
  ["'b' x n", (n) => 'b'.repeat(n), true],
  ["'1' x n", (n) => '1'.repeat(n), true],
  ["' ' x n", (n) => ' '.repeat(n), true],
  ['prose (self-made GSM8K + MATH questions)', prose, false],
  ['random lowercase letters (one piece, nothing repeats)', randomLetters, false],
];

let goalMet = true;
for (const [name, make, repetitive] of inputs) {
  const text = make(size);
  // Old first, so the new counter has not seen the input's pieces (it caches them, as gpt-tokenizer does).
  // The full size when plain encode is linear for this input (digits split in threes, prose in words), else growing sizes up to --old-max.
  const linear = name.startsWith("'1'") || name.startsWith('prose');
  const oldSizes = linear ? [size] : [oldMax / 4, oldMax / 2, oldMax];
  const olds = oldSizes.map((n) => ({ n, ...time(oldCount, make(n), linear ? repeats : 1) }));
  const fresh = time(countTokens, text, repeats);
  if (repetitive) goalMet &&= fresh.first < 50;
  console.log(`\n${name}, ${size} chars: new ${ms(fresh.first)} first call, ${ms(fresh.median)} median of ${repeats} (${fresh.tokens} tokens)`);
  if (linear) {
    const old = olds[0]!;
    console.log(`  old encode, ${size} chars: ${ms(old.first)} first call, ${ms(old.median)} median of ${repeats} (${old.tokens} tokens: ${old.tokens === fresh.tokens ? 'same count' : 'DIFFERENT'})`);
    continue;
  }
  const last = olds.at(-1)!;
  const growth = last.first / olds.at(-2)!.first;
  console.log(`  old encode: ${olds.map((old) => `${old.n} chars ${ms(old.first)}`).join(' · ')} (x${growth.toFixed(1)} for the last doubling) · ${size} chars ~${((last.first * (size / last.n) ** 2) / 1000).toFixed(0)} s extrapolated (quadratic)`);
  const counts = olds.map((old) => {
    const mine = countTokens(make(old.n));
    return mine === old.tokens ? `${old.n}: same count` : `${old.n}: ${mine} vs exact ${old.tokens} (${mine > old.tokens ? '+' : ''}${(((mine - old.tokens) / old.tokens) * 100).toFixed(2)} %)`;
  });
  console.log(`  new vs exact count at those sizes: ${counts.join(' · ')}`);
}
console.log(`\ngoal: 256 KB of repetitive text counted in under 50 ms (first call): ${goalMet ? 'met' : 'NOT met'}`);
