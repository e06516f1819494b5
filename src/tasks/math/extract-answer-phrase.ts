import { scanMathSpans, type TextSegment } from './scan-math-spans.ts';

/** What a sentence of an output states as its result, and where that statement starts. */
export interface StatedAnswer {
  value: string;
  index: number;
}

/**
 * Forward markers, the value follows: "final answer: X", "the answer is X", "answers are X",
 * "Answer $X$" (a bare "Answer" directly before math) and a "**Final Answer**" heading line.
 */
const forwardMarker = /\b(?:final\s+answer|answers?)\b\s*(?:is|are|was|:|=)(?![a-zA-Z])[\s:]*|\b(?:final\s+)?answer\b(?=\s*(?:\$|\\\(|\\\[))\s*|^[#\s]*(?:final\s+)?answer[ \t:]*(?=\n)\s*/gim;
/** Backward markers, the value comes first: "... so $x=5$ is the answer." */
const backwardMarker = /\b(?:is|as)\s+(?:the|our|my)\s+(?:final\s+)?answer\b/gi;
/** Longest value read from prose: MATH answers are short, and a long span is a sentence, not an answer. */
const maxValueLength = 300;

/**
 * The answer an unboxed output states with a marker, wherever it is: the last statement of the
 * form "the answer is X" / "Final Answer: X" / "Answer $X$" / "X is the answer" that carries a
 * value. Null when no marker leads to a value.
 */
export function extractAnswerPhrase(text: string): string | null {
  return findStatedAnswer(text)?.value ?? null;
}

/** The last marked statement with a value, and where it starts (see `extractAnswerPhrase`). */
export function findStatedAnswer(text: string): StatedAnswer | null {
  const clean = cleanOutput(text);
  const stops = sentenceStops(clean);
  let last: StatedAnswer | null = null;
  const offer = (value: string | null, index: number): void => {
    if (value !== null && (last === null || index > last.index)) last = { value, index };
  };
  for (const match of clean.matchAll(forwardMarker)) {
    const from = match.index + match[0].length;
    offer(valueOfStatement(clean.slice(from, statementEnd(clean, stops, from))), match.index);
  }
  for (const match of clean.matchAll(backwardMarker)) {
    const start = statementStart(clean, stops, match.index);
    offer(valueOfStatement(clean.slice(start, match.index), { leading: false }), start);
  }
  return last;
}

/**
 * With no marker at all, the output's last sentence that holds a number or math states the
 * result: "Therefore $x \geq 5$ is the solution." gives `x \geq 5`, "so there are 12 ways." gives 12.
 */
export function extractFinalStatement(text: string): string | null {
  const clean = cleanOutput(text);
  const stops = sentenceStops(clean);
  let end = clean.length;
  for (let k = stops.length - 1; k >= -1; k--) {
    const start = k >= 0 ? stops[k]! + 1 : 0;
    if (start > end) continue;
    const sentence = clean.slice(start, end);
    end = Math.max(0, start - 1);
    if (!/\d|\$|\\\(|\\\[/.test(sentence)) continue;
    const value = valueOfStatement(sentence);
    if (value !== null) return value;
  }
  return null;
}

/** Drops markdown bold, hallucinated further turns (`<|im_start|>user ...`) and "I hope it is correct". */
export function cleanOutput(text: string): string {
  let clean = text.replace(/^(?:\s*<\|[a-z_]+\|>(?:assistant)?)+/i, '');
  const turn = clean.search(/<\|(?:im_start|im_end|endoftext|eot_id|end|user|assistant)\|>/i);
  if (turn >= 0) clean = clean.slice(0, turn);
  return clean.replace(/\*\*/g, '').replace(/\bI hope it is correct\.?/gi, '');
}

/**
 * Positions of the characters that end sentences: `.` `!` `?` before a space, and line breaks,
 * outside math; and the end of a math span whose content ends a sentence (`is $14{,}912.$ Then`).
 */
function sentenceStops(text: string): number[] {
  const stops: number[] = [];
  for (const segment of scanMathSpans(text)) {
    if (segment.kind === 'math') {
      if (/[.!?]\s*$/.test(segment.text) && /^(?:\s|$)/.test(text.slice(segment.end, segment.end + 1))) stops.push(segment.end);
      continue;
    }
    for (const stop of segment.text.matchAll(/[.!?](?=\s|$)|\n/g)) stops.push(segment.start + stop.index);
  }
  return stops;
}

/** The end of the statement that starts at `from` (after leading blanks): the next sentence stop. */
function statementEnd(text: string, stops: readonly number[], from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return stops[firstStopAtOrAfter(stops, i)] ?? text.length;
}

/** The start of the sentence holding position `index`. */
function statementStart(text: string, stops: readonly number[], index: number): number {
  const before = firstStopAtOrAfter(stops, index) - 1;
  let start = before >= 0 ? stops[before]! + 1 : 0;
  while (start < index && /\s/.test(text[start]!)) start++;
  return start;
}

/** Index of the first stop at or after `position` (binary search; stops are sorted). */
function firstStopAtOrAfter(stops: readonly number[], position: number): number {
  let low = 0;
  let high = stops.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (stops[middle]! < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A number in prose: thousands commas, decimals, a fraction `2/3`, a percent sign or word. */
const numberToken = /(?<![\w.\\])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*\/\s*\d+)?(?:\s*(?:\\?%|percent\b))?(?![a-zA-Z\d])/g;
const leadingNumber = new RegExp(`^${numberToken.source}`);
/** Words between a copula and its value that do not change it. */
const filler = /^(?:\s|approximately|about|around|roughly|exactly|just|simply|then|thus|therefore|equal\s+to|given\s+by|the\s+value|that|:|,)*/i;

interface StatementOptions {
  /** The value may be what the statement starts with (after a forward marker, or a whole sentence). */
  leading?: boolean;
}

/** The value a statement gives: what it starts with, what follows its last "is"/"=", its last math, or its last number. */
function valueOfStatement(statement: string, { leading = true }: StatementOptions = {}): string | null {
  const text = trimQuotes(trimEndOf(statement.trim(), '. \t\n')).trim();
  if (text === '') return null;
  const segments = scanMathSpans(text);
  const value = (leading ? leadingValue(segments) : null) ?? valueAfterCopula(segments) ?? lastMathRun(segments) ?? lastNumber(segments) ?? (leading ? shortWords(text) : null);
  if (value === null) return null;
  // A final `.` ends the sentence, an ellipsis (`1, 2, 3, ...`) is part of the answer.
  let trimmed = unbox(value).trim();
  if (/[,;:]$/.test(trimmed) || (trimmed.endsWith('.') && !trimmed.endsWith('..'))) trimmed = trimmed.slice(0, -1).trim();
  return trimmed === '' || trimmed.length > maxValueLength ? null : trimmed;
}

/** `text` without any of `characters` at its end (a loop: a regex would backtrack on long runs). */
function trimEndOf(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function trimQuotes(text: string): string {
  const quotes = '"“”\'`';
  let start = 0;
  while (start < text.length && quotes.includes(text[start]!)) start++;
  return trimEndOf(text.slice(start), quotes);
}

/** The value a statement opens with: math, a formula written without delimiters, or a number. */
function leadingValue(segments: readonly TextSegment[]): string | null {
  const first = segments[0];
  if (!first) return null;
  if (first.kind === 'math') return mathRunFrom(segments, 0);
  const prose = first.text.replace(filler, '');
  if (prose === '') return segments[1]?.kind === 'math' ? mathRunFrom(segments, 1) : null;
  if (segments.length === 1 && looksLikeFormula(prose)) return prose;
  const number = leadingNumber.exec(prose);
  if (number) return number[0];
  const group = /^[([]/.test(prose) ? bracketGroup(prose) : null;
  return group;
}

/** The value after the last "is"/"are"/"="/":" that is followed by one. */
function valueAfterCopula(segments: readonly TextSegment[]): string | null {
  for (let s = segments.length - 1; s >= 0; s--) {
    const segment = segments[s]!;
    if (segment.kind === 'math') continue;
    const copulas = [...segment.text.matchAll(/\b(?:is|are|was|were|be|equals?|becomes|gives)\b|=|:/gi)];
    for (let c = copulas.length - 1; c >= 0; c--) {
      const copula = copulas[c]!;
      const rest: TextSegment[] = [{ ...segment, text: segment.text.slice(copula.index + copula[0].length) }, ...segments.slice(s + 1)];
      const value = leadingValue(rest);
      if (value !== null) return value;
    }
  }
  return null;
}

/** The last math span, joined with the spans before it when only "," / "and" / "or" separate them. */
function lastMathRun(segments: readonly TextSegment[]): string | null {
  for (let s = segments.length - 1; s >= 0; s--) {
    if (segments[s]!.kind !== 'math') continue;
    let first = s;
    while (first >= 2 && segments[first - 2]!.kind === 'math' && isListJoiner(segments[first - 1]!.text)) first -= 2;
    return mathRunFrom(segments, first);
  }
  return null;
}

/** The math span at `index` and the ones after it joined by "," / "and" / "or", as one list. */
function mathRunFrom(segments: readonly TextSegment[], index: number): string {
  const items = [segments[index]!.text.trim()];
  for (let s = index + 1; s + 1 < segments.length; s += 2) {
    if (segments[s]!.kind !== 'text' || !isListJoiner(segments[s]!.text) || segments[s + 1]!.kind !== 'math') break;
    items.push(segments[s + 1]!.text.trim());
  }
  return items.join(', ');
}

/** Text that joins two math spans into one list: a comma, "and", "or", or ", and". */
function isListJoiner(text: string): boolean {
  return /^(?:,|(?:,\s*)?(?:and|or)(?:\s*,)?)$/i.test(text.trim());
}

function lastNumber(segments: readonly TextSegment[]): string | null {
  for (let s = segments.length - 1; s >= 0; s--) {
    if (segments[s]!.kind !== 'text') continue;
    const numbers = segments[s]!.text.match(numberToken);
    if (numbers) return numbers.at(-1)!;
  }
  return null;
}

/** A formula written without math delimiters: no word of three or more letters outside LaTeX commands. */
function looksLikeFormula(text: string): boolean {
  const outsideCommands = text.replace(/\\[a-zA-Z]+/g, ' ');
  return /[\d\\]/.test(text) && !/[a-zA-Z]{3,}/.test(outsideCommands);
}

/** A word answer ("Evelyn", "odd", "(C)"): at most four words, 40 characters and no digits. */
function shortWords(text: string): string | null {
  if (/\d|\$/.test(text) || text.split(/\s+/).length > 4 || text.length > 40) return null;
  return text;
}

/** `\boxed{X}` inside a stated value is X. */
function unbox(value: string): string {
  let text = value;
  for (let match = /\\(?:boxed|fbox)\s*\{/.exec(text); match; match = /\\(?:boxed|fbox)\s*\{/.exec(text)) {
    const open = match.index + match[0].length - 1;
    const close = bracketGroup(text.slice(open));
    if (close === null) break;
    text = text.slice(0, match.index) + close.slice(1, -1) + text.slice(open + close.length);
  }
  return text;
}

/** The balanced `(...)` / `[...]` group a text starts with, allowing mixed brackets as intervals do. */
function bracketGroup(text: string): string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if ('([{'.includes(text[i]!)) depth++;
    else if (')]}'.includes(text[i]!) && --depth === 0) return text.slice(0, i + 1);
  }
  return null;
}
