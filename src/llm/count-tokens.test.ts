import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { describe, expect, it } from 'vitest';
import { embeddedDataDir } from '../../data/index.ts';
import { Random } from '../util/random.ts';
import { countPromptTokens, countTokens, maxBpeChars, splitForBpe } from './count-tokens.ts';

/** gpt-tokenizer's own count, merging each pre-tokenized piece whole (special-token text as plain text, as countTokens does). */
function exactCount(text: string): number {
  return encode(text, { disallowedSpecial: new Set() }).length;
}

function bpePieces(text: string): string[] {
  const pieces: string[] = [];
  splitForBpe(text, (piece) => pieces.push(piece));
  return pieces;
}

function preTokenizedPieces(text: string): string[] {
  return Array.from(text.matchAll(O200K_TOKEN_SPLIT_REGEX), (match) => match[0]);
}

/** Text files of the self-made data: GSM8K-, MATH- and HumanEval-style problems and their generators. */
function selfMadeData(): Array<[string, string]> {
  const files: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(jsonl|ts|md|py)$/.test(entry.name)) files.push([path, readFileSync(path, 'utf8')]);
    }
  };
  walk(embeddedDataDir);
  return files;
}

const generated: Record<string, string> = {
  prose:
    "It's 9:45 a.m. and the baker's 12 loaves (each $3.50) aren't sold yet; she'll sell 9, won't she? " +
    'THE QUICK BROWN FOX jumps over the lazy dog. McDonald’s, iPhone, NASA-style naming: XMLHttpRequest.\n\n' +
    '  Indented line\twith a tab,   three spaces, and trailing spaces   \r\nWindows line end.\n\n\n',
  code:
    'def solve(n: int) -> int:\n    """Sum of squares."""\n    total = 0\n    for i in range(1, n + 1):\n        total += i ** 2  # square\n    return total\n\n' +
    'export function f(xs: readonly number[]): number {\n\treturn xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);\n}\n' +
    "const url = 'https://example.com/a/b?c=1&d=%20#frag'; // 0x1F 1e-9 3.14159 1_000_000\n" +
    '```python\nprint(f"{x!r:>10}")\n```\n<div class="a">&amp;</div> $\\frac{1}{2}$ \\sqrt{x^2+y^2} ≤ ∑_{i=1}^{n}',
  unicode:
    '中文文本没有空格，但有标点。日本語のテキストとカタカナ、ひらがな。한국어 문장입니다. ' +
    'Привет, как дела? Ελληνικά γράμματα. مرحبا بالعالم. नमस्ते दुनिया। ' +
    'é (composed) vs e\u0301 (combining), ﬁ ligature, ½, Ⅻ, ℃, ｆｕｌｌｗｉｄｔｈ. ' +
    'Emoji: 😀 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ 🐍🚀 ✨. Math: ∀x∈ℝ, x² ≥ 0. Lone halves: \ud83d and \ude00.',
  numbers: `${'1234567890'.repeat(30)} 3.141592653589793 -42 +7 1e10 0xdeadbeef ${'9'.repeat(100)}`,
  whitespace: `a${' '.repeat(200)}b${'\n'.repeat(50)}c${'\t'.repeat(40)}d \n \n e${' \r\n'.repeat(20)}f`,
  punctuation: `${'='.repeat(80)}\n${'-'.repeat(120)}\n...!!!???;;;::: ${'*'.repeat(60)} /// \\\\ ${'─'.repeat(100)}`,
};

/** Random mixtures of words, numbers, punctuation, whitespace and scripts: ordinary text of many shapes. */
function randomMixtures(count: number): string[] {
  const random = Random.derive(12, 'count-tokens');
  const parts = ['the', 'The', 'THE', "don't", 'cat', 'Straße', 'naïve', '42', '3.5', '1,000', ',', '.', '!?', ' ', '  ', '\n', '\t', '\r\n', '中文', '😀', '👍🏽', 'é', 'e\u0301', '$x^2$', '()', '{}', '->', '=>', '#', '"', "'s", 'über', 'мир', '…'];
  return Array.from({ length: count }, () => Array.from({ length: random.int(1, 400) }, () => parts[random.int(0, parts.length - 1)]!).join(''));
}

describe('countTokens', () => {
  it("gives gpt-tokenizer's exact count on ordinary text: the self-made data, generated prose, code and unicode", () => {
    const corpus: Array<[string, string]> = [...selfMadeData(), ...Object.entries(generated), ...randomMixtures(200).map((text, i): [string, string] => [`mixture ${i}`, text])];
    expect(corpus.length).toBeGreaterThan(220);
    let characters = 0;
    for (const [name, text] of corpus) {
      characters += text.length;
      // Ordinary text: no piece is long enough to be cut, so every merge is the one encode does.
      expect(Math.max(0, ...preTokenizedPieces(text).map((piece) => piece.length)), name).toBeLessThanOrEqual(maxBpeChars);
      expect(countTokens(text), name).toBe(exactCount(text));
      expect(countTokens(text), name).toBe(encode(text).length);
      // Line by line too: many short texts, each counted from scratch.
      for (const line of text.split('\n').slice(0, 50)) expect(countTokens(line), `${name}: ${line.slice(0, 40)}`).toBe(exactCount(line));
    }
    expect(characters).toBeGreaterThan(300_000);
  });

  it('counts text that looks like a special token as plain text, where encode throws', () => {
    const text = 'ignore this <|endoftext|> and <|im_start|>user';
    expect(() => encode(text)).toThrow(/special token/);
    expect(countTokens(text)).toBe(exactCount(text));
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('counts 256 K of one character in bounded chunks: the chunked expectation, which is exact for these runs', () => {
    const length = 256 * 1024;
    for (const char of ['a', 'b', '1', ' ', '!', '\n', '中']) {
      const run = char.repeat(length);
      // A run is one pre-tokenized piece (digits: pieces of 3), cut into chunks of maxBpeChars.
      const expected = char === '1' ? exactCount(run) : (length / maxBpeChars) * exactCount(char.repeat(maxBpeChars));
      expect(countTokens(run), JSON.stringify(char)).toBe(expected);
      // Where the exact merge is affordable, the chunked count equals it for these runs.
      expect(countTokens(char.repeat(4096)), JSON.stringify(char)).toBe(exactCount(char.repeat(4096)));
    }
    expect(countTokens('a'.repeat(length))).toBe(length / 8);
  });

  it('sends at most maxBpeChars characters at a time through byte-pair merging: work linear in the length', () => {
    const text = `${'a'.repeat(100_000)} prose between runs. ${'😀'.repeat(50_001)}${' '.repeat(70_000)}x${'!'.repeat(30_000)}${'中'.repeat(1000)}`;
    const pieces = bpePieces(text);
    expect(pieces.join('')).toBe(text);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(maxBpeChars);
    // Merging a piece of n characters costs at most ~n^2; in bounded pieces the total is <= maxBpeChars * length.
    const mergeWork = pieces.reduce((sum, piece) => sum + piece.length ** 2, 0);
    expect(mergeWork).toBeLessThanOrEqual(maxBpeChars * text.length);
    // Never between the halves of a surrogate pair (each half alone would encode as U+FFFD).
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const piece of pieces) expect(loneSurrogate.test(piece)).toBe(false);
    // Pieces up to the bound are the pre-tokenizer's own, untouched.
    const short = `Hello, world! 12345 ${'x'.repeat(maxBpeChars - 1)}`;
    expect(bpePieces(short)).toEqual(preTokenizedPieces(short));
  });

  it('stays within one token per cut of the exact count on long pieces that are not runs', () => {
    const random = Random.derive(3, 'long-pieces');
    const alphabets = { lowercase: 'abcdefghijklmnopqrstuvwxyz', hex: 'abcdef', cyrillic: 'абвгдежзийклмнопрстуфхцчшщыьэюя', punctuation: '!"#$%&()*+,-.:;<=>?@[]^_`{|}~', spacesAndTabs: '  \t ', emoji: '😀🎉👍🚀🔥🐍' };
    for (const [name, alphabet] of Object.entries(alphabets)) {
      const symbols = [...alphabet];
      let text = '';
      while (text.length < 4096) text += symbols[random.int(0, symbols.length - 1)];
      const cuts = bpePieces(text).length - preTokenizedPieces(text).length;
      expect(cuts, name).toBeGreaterThan(0);
      const difference = countTokens(text) - exactCount(text);
      expect(Math.abs(difference), `${name}: ${difference} over ${cuts} cuts`).toBeLessThanOrEqual(cuts);
    }
  });

  it('counts prompt tokens as content plus 3 per message and 3 for the reply', () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'What is 17 * 3?' },
    ];
    expect(countPromptTokens(messages)).toBe(3 + 3 + exactCount('You are terse.') + 3 + exactCount('What is 17 * 3?'));
  });
});
