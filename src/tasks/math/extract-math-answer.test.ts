import { describe, expect, it } from 'vitest';
import { extractMathAnswer, extractMathAnswers } from './extract-math-answer.ts';

describe('extractMathAnswer', () => {
  it.each([
    ['box first', 'the answer is 3, so $\\boxed{4}$', '4'],
    ['phrase fallback', 'so the final answer is $7$.', '7'],
    ['trims the box', '\\boxed{ 5 }', '5'],
    ['an unmarked final statement', 'Thus $x <= 2$ holds.', 'x <= 2'],
  ])('%s', (_, text, expected) => {
    expect(extractMathAnswer(text)).toBe(expected);
  });

  it.each([
    ['empty box', '\\boxed{} and the answer is 3'],
    ['truncated box does not fall back', 'the answer is 3\n\\boxed{\\frac{1}{'],
    ['nothing', 'no idea'],
  ])('%s → null', (_, text) => {
    expect(extractMathAnswer(text)).toBeNull();
  });
});

describe('extractMathAnswers', () => {
  it.each([
    ['one box', 'so $\\boxed{4}$.', ['4']],
    ['a run of boxes joined by "and" is a list, then the last box', 'are $\\boxed{-2}$ and $\\boxed{1}$.', ['-2, 1', '1']],
    ['adjacent boxes', '$\\boxed{1}\\boxed{2}$', ['1, 2', '2']],
    ['labelled boxes', '$x = \\boxed{3}$, $y = \\boxed{4}$', ['3, 4', '4']],
    ['boxes apart are not a run', '$\\boxed{1}$. Then much more work happens here. $\\boxed{2}$', ['2']],
    ['a statement after the last box comes first', '$\\boxed{255}$ so far.\nFinal Answer: The final answer is $10,455$.', ['10,455', '255']],
    ['a statement holding the box does not', 'Therefore, $\\boxed{\\text{Evelyn}}$ is our answer.', ['\\text{Evelyn}']],
    ['a short one-line output is also read whole', 'C. x = 42', ['x = 42', 'C. x = 42']],
    ['a one-word output is its own answer', 'odd', ['odd']],
    ['a few words are not', 'no idea', []],
    ['a truncated last box is no answer', '\\boxed{1} and then \\boxed{2', []],
    ['an empty last box is no answer', '\\boxed{} the answer is 3', []],
  ])('%s', (_, text, expected) => {
    expect(extractMathAnswers(text)).toEqual(expected);
  });
});
