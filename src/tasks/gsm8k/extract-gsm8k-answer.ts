import { cleanOutput } from '../math/extract-answer-phrase.ts';
import { extractBoxes } from '../math/extract-boxed.ts';
import { evaluateArithmetic } from './evaluate-arithmetic.ts';
import { asciiNumerals, canonicalNumber, numberPattern } from './parse-number.ts';

/**
 * Markers of a stated result: "the answer is", "Final Answer:", "ANSWER =", "answers are",
 * "Answer" directly before a number or math, and an "Answer" heading on a line of its own.
 */
const answerMarker = /\b(?:final\s+answer|answers?)\b\s*(?:is|are|was|will\s+be|would\s+be|:|=)(?![a-zA-Z])[\s:]*|\b(?:final\s+)?answer\b(?=\s*(?:\$|\\\(|\\\[|-?\d))\s*|^[#\s]*(?:final\s+)?answer[ \t:]*(?=\n)\s*/gim;

/**
 * The final numeric answer of a free-form response, as a canonical decimal string. Explicit
 * markers win over position: `#### N`, then the last `\boxed{}` (unless a marked statement comes
 * after it), then the last "answer is N", then the last number of the text. A marked value is
 * where its statement ends up: "ANSWER: 28 + 32 = 60" is 60, "the answer is $\sqrt{16}$" is 4.
 */
export function extractGsm8kAnswer(output: string): string | null {
  const text = asciiNumerals(cleanOutput(output));
  const hashes = text.lastIndexOf('####');
  if (hashes >= 0) {
    const value = valueOfSpan(restOfLine(text, hashes + 4));
    if (value !== null) return value;
  }
  const lastBox = (extractBoxes(text) ?? []).at(-1);
  const stated = lastMarkedValue(text);
  if (stated !== null && (lastBox === undefined || stated.index >= lastBox.end)) return stated.value;
  if (lastBox !== undefined) {
    const value = valueOfSpan(lastBox.content);
    if (value !== null) return value;
  }
  if (stated !== null) return stated.value;
  return lastValue(text);
}

function lastMarkedValue(text: string): { value: string; index: number } | null {
  const markers = [...text.matchAll(answerMarker)];
  for (let i = markers.length - 1; i >= 0; i--) {
    const marker = markers[i]!;
    const value = valueOfSpan(restOfLine(text, marker.index + marker[0].length));
    if (value !== null) return { value, index: marker.index };
  }
  return null;
}

/** The text from `from` to the end of its line; the next non-empty line when that is blank (a heading). */
function restOfLine(text: string, from: number): string {
  const line = (start: number): string => {
    const end = text.indexOf('\n', start);
    return text.slice(start, end < 0 ? text.length : Math.min(end, start + 2000));
  };
  const first = line(from);
  if (first.trim() !== '') return first;
  const next = /\S/g;
  next.lastIndex = from;
  const found = next.exec(text);
  return found === null ? '' : line(text.lastIndexOf('\n', found.index) + 1);
}

/**
 * The value a marked span states: its first expression (`28 + 32 = 60`, `1 \times 10^3`,
 * `\sqrt{16}`, `$1,234`), ending where its equality chain ends. Null when it holds no number.
 */
function valueOfSpan(span: string): string | null {
  const runs = expressionRuns(plainMath(span));
  const first = runs[0];
  if (first === undefined) return null;
  return valueOfRun(first, (expression) => /\\[a-zA-Z]|[\^*/×÷·]|\s[-+xX]\s/.test(expression), 'first');
}

/** With no marker: the text's last number, or the end of the formula it closes (`= 18`, `$10^3$`). */
function lastValue(text: string): string | null {
  const last = expressionRuns(plainMath(text)).at(-1);
  return last === undefined ? null : valueOfRun(last, (expression) => /\\[a-zA-Z]|\^/.test(expression), 'last');
}

/**
 * The last member of an equality chain; evaluated when it is a formula `evaluate` accepts, or
 * else its first (after a marker) or last (at the end of a text) number: `5-10` is a range, not
 * a subtraction.
 */
function valueOfRun(run: string, evaluate: (expression: string) => boolean, pick: 'first' | 'last'): string | null {
  const members = run.split('=').map((member) => member.trim()).filter((member) => member !== '');
  const member = members.at(-1);
  if (member === undefined) return null;
  const numbers = member.match(numberPattern) ?? [];
  if (numbers.length === 1 && numbers[0]!.trim() === member.replace(/\s*%$/, '')) return canonicalNumber(numbers[0]!);
  if (members.length > 1 || evaluate(member)) {
    const value = evaluateArithmetic(member);
    if (value !== null) return value;
  }
  const fallback = pick === 'first' ? numbers.at(0) : numbers.at(-1);
  return fallback === undefined ? null : canonicalNumber(fallback);
}

/** LaTeX an answer is wrapped in, reduced to plain arithmetic: delimiters, `\text{}`, `\$`, `{,}` separators. */
function plainMath(text: string): string {
  return text
    .replace(/\\[()[\]]|\$\$?/g, ' ')
    .replace(/\\(?:text|mathrm|textbf|mbox)\s*\{([^{}]*)\}/g, ' $1 ')
    .replace(/\\(?:left|right)(?![a-zA-Z])|\\[!;:]|\\displaystyle/g, '')
    .replace(/(\d)\s*(?:\{,\}|,\\!)\s*(?=\d{3})/g, '$1,')
    .replace(/(\d)\\,(?=\d{3})/g, '$1 ')
    .replace(/\\,/g, ' ')
    .replace(/\\%/g, '%')
    .replace(/\\[dt]frac/g, '\\frac');
}

/** Longest formula read: GSM8K answers are short, and a bound keeps the trimming regexes linear. */
const maxFormulaLength = 400;
/** Characters and commands a formula may continue with, besides number tokens (` x ` is a times sign). */
const formulaPiece = /\s+|[-+*/×÷·^=(){}[\]]|\\(?:times|cdot|div|frac|sqrt)(?![a-zA-Z])|(?<=\s)[xX](?=\s+[\d(\\])|%/y;
const numberAt = new RegExp(numberPattern.source, 'y');

/**
 * The maximal formulas in a text, in order: each starts at a number (or a `\sqrt{`, `\frac{`,
 * `(` or minus right before one) and runs over numbers, operators, brackets and spaces.
 */
function expressionRuns(text: string): string[] {
  const runs: string[] = [];
  const starts = [...text.matchAll(numberPattern)].map((match) => match.index);
  let covered = -1;
  for (const tokenStart of starts) {
    if (tokenStart < covered) continue;
    let start = tokenStart;
    for (let opener = /(?:\\(?:sqrt|frac)\s*\{|[({[]|-)\s*$/.exec(text.slice(Math.max(0, start - 12), start)); opener; ) {
      start -= opener[0].length;
      opener = /(?:\\(?:sqrt|frac)\s*\{|[({[]|-)\s*$/.exec(text.slice(Math.max(0, start - 12), start));
      if (start <= covered) break;
    }
    start = Math.max(start, covered);
    let end = start;
    while (end < text.length && end - start < maxFormulaLength) {
      numberAt.lastIndex = end;
      formulaPiece.lastIndex = end;
      const token = numberAt.exec(text) ?? formulaPiece.exec(text);
      if (!token || token[0] === '') break;
      end += token[0].length;
    }
    covered = end;
    runs.push(trimFormula(text.slice(start, end)));
  }
  return runs.filter((run) => run !== '');
}

/** Drops trailing operators and spaces, and closing brackets that close nothing. */
function trimFormula(run: string): string {
  let text = run.replace(/[\s\-+*/×÷·^=]+$/, '');
  for (;;) {
    const opens = (text.match(/[({[]/g) ?? []).length;
    const closes = (text.match(/[)}\]]/g) ?? []).length;
    if (closes <= opens || !/[)}\]]$/.test(text)) break;
    text = text.slice(0, -1).replace(/[\s\-+*/×÷·^=]+$/, '');
  }
  return text.replace(/^[(\[{]+(?=[^)}\]]*$)/, '').trim();
}
