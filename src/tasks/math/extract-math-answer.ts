import { cleanOutput, extractFinalStatement, findStatedAnswer } from './extract-answer-phrase.ts';
import { type Box, extractBoxes } from './extract-boxed.ts';

/** The answer a model output commits to (the first of `extractMathAnswers`), or null. */
export function extractMathAnswer(output: string): string | null {
  return extractMathAnswers(output)[0] ?? null;
}

/**
 * The readings of the answer an output commits to, most likely first; grading accepts any.
 * 1. Boxes: the last box, and, when it ends a run of boxes joined only by "and", commas or
 *    spacing (`\boxed{-2} and \boxed{1}`), the whole run as one list (first).
 * 2. A marked statement ("Final Answer: ...", "the answer is ...") made after the last box comes
 *    first: it is the model's last word. The box readings follow it.
 * 3. With no box, the last marked statement, else the last sentence holding a number or math;
 *    an output of one short line with a digit, a command, or a single word is also read whole
 *    (it may be nothing but the answer).
 * An empty or never-closing last box gives no answer: a truncated box is not a guess to complete.
 */
export function extractMathAnswers(output: string): string[] {
  const text = cleanOutput(output);
  const boxes = extractBoxes(text);
  if (boxes === null) return [];
  const lastBox = boxes.at(-1);
  // Every marker holds the word "answer": with none after the last box, no statement can follow it.
  const stated = lastBox === undefined || /answer/i.test(text.slice(lastBox.end)) ? findStatedAnswer(text) : null;
  if (lastBox === undefined) {
    const value = stated?.value ?? extractFinalStatement(text);
    // An output that is one short line may be nothing but the answer (`C. x = 42`, `odd`): if it
    // holds a digit or a command, or is a single word, it is read whole too.
    const whole = text.trim();
    const bare = !whole.includes('\n') && whole.length <= maxBareLength && /[\d\\]|^\S+$/.test(whole) && whole !== value ? [whole] : [];
    return value === null ? bare : [value, ...bare];
  }
  if (lastBox.content.trim() === '') return [];
  const run = boxRun(text, boxes);
  const single = lastBox.content.trim();
  const boxed = run.length > 1 ? [run.map((box) => box.content.trim()).join(', '), single] : [single];
  // A statement made after the last box is the model's last word; the box stays a reading too.
  if (stated !== null && stated.index >= lastBox.end && /[\d\\]/.test(stated.value)) return [...new Set([stated.value, ...boxed])];
  return boxed;
}

/** Longest output read as a bare answer in its own right. */
const maxBareLength = 80;

/** Text allowed between boxes of one answer: spacing, `$`, display delimiters, commas, "and"/"or", a short label. */
const boxJoiner = /^(?:\s|\$|\\[[\]()]|[,;&]|\\q?quad|\\[,;!]|~|\\text\{\s*(?:and|or|,)?\s*\}|\band\b|\bor\b|\\\\|[a-zA-Z](?:_\{?\w+\}?)?\s*=)*$/;

/** The boxes ending at the last one that are joined only by `boxJoiner` text. */
function boxRun(text: string, boxes: readonly Box[]): Box[] {
  let first = boxes.length - 1;
  while (first > 0 && boxJoiner.test(text.slice(boxes[first - 1]!.end, boxes[first]!.start))) first--;
  return boxes.slice(first);
}
