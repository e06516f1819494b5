import { extractAnswerPhrase } from './extract-answer-phrase.ts';
import { extractBoxed } from './extract-boxed.ts';

/** The answer a model output commits to: its last box, else an explicit final-answer phrase at the end. */
export function extractMathAnswer(output: string): string | null {
  const boxed = extractBoxed(output);
  if (boxed !== null) return boxed.trim() === '' ? null : boxed.trim();
  // A box that never closes is a truncated answer; reading a phrase around it would guess.
  if (/\\(?:boxed|fbox)(?![a-zA-Z])/.test(output)) return null;
  return extractAnswerPhrase(output);
}
