import { extractBoxed } from '../math/extract-boxed.ts';
import { canonicalNumber, numberPattern } from './parse-number.ts';

/** Explicit final-answer phrases, strongest last-resort before "the last number". */
const answerPhrase = /(?:final answer|the answer|answer)\s*(?:is|:|=)?\s*:?/gi;

/**
 * The final numeric answer of a free-form response. Explicit markers win over position:
 * `#### N`, then the last `\boxed{}`, then the last "answer is N", then the last number.
 */
export function extractGsm8kAnswer(output: string): string | null {
  const hashes = output.lastIndexOf('####');
  if (hashes >= 0) {
    const value = firstNumber(output.slice(hashes + 4));
    if (value !== null) return value;
  }
  const boxed = extractBoxed(output);
  if (boxed !== null) {
    const value = lastNumber(boxed.replace(/\\!|\\,|\{,\}/g, ''));
    if (value !== null) return value;
  }
  const phrases = [...output.matchAll(answerPhrase)];
  for (let i = phrases.length - 1; i >= 0; i--) {
    const phrase = phrases[i]!;
    const value = firstNumber(output.slice(phrase.index + phrase[0].length, phrase.index + phrase[0].length + 80));
    if (value !== null) return value;
  }
  return lastNumber(output);
}

function firstNumber(text: string): string | null {
  const match = text.match(numberPattern);
  return match ? canonicalNumber(match[0]) : null;
}

function lastNumber(text: string): string | null {
  const matches = text.match(numberPattern);
  return matches ? canonicalNumber(matches[matches.length - 1]!) : null;
}
