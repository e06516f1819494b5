import { describe, expect, it } from 'vitest';
import { extractMathAnswer } from './extract-math-answer.ts';

describe('extractMathAnswer', () => {
  it.each([
    ['box first', 'the answer is 3, so $\\boxed{4}$', '4'],
    ['phrase fallback', 'so the final answer is $7$.', '7'],
    ['trims the box', '\\boxed{ 5 }', '5'],
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
