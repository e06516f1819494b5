import { describe, expect, it } from 'vitest';
import { extractAnswerPhrase } from './extract-answer-phrase.ts';

describe('extractAnswerPhrase', () => {
  it.each([
    ['the answer is, in math mode', 'Work...\nTherefore, the answer is $\\frac{1}{2}$.', '\\frac{1}{2}'],
    ['Final Answer: plain', 'steps\nFinal Answer: 42', '42'],
    ['Minerva format', 'steps\nFinal Answer: The final answer is $5$. I hope it is correct.', '5'],
    ['markdown bold', 'x\n**Final Answer:** **7**', '7'],
    ['heading then value line', 'work\n**Final Answer**\n$\\sqrt{3}$', '\\sqrt{3}'],
    ['display math', 'So the answer is \\[x^2+1\\]', 'x^2+1'],
    ['inline parens math', 'The final answer is \\(3\\pi\\).', '3\\pi'],
    ['Answer: label', 'Answer: (2, 3)', '(2, 3)'],
    ['trailing blank lines', 'the answer is 12.\n\n\n', '12'],
  ])('%s', (_, text, expected) => {
    expect(extractAnswerPhrase(text)).toBe(expected);
  });

  it.each([
    ['no marker', 'I think it is 5.'],
    ['marker not on the last line', 'the answer is 5\nbut let me check again'],
    ['nothing after the marker', 'the answer is'],
    ['too long to be an answer', `the answer is ${'x'.repeat(200)}`],
    ['empty', ''],
  ])('%s → null', (_, text) => {
    expect(extractAnswerPhrase(text)).toBeNull();
  });
});
