import { describe, expect, it } from 'vitest';
import { extractAnswerPhrase, extractFinalStatement, findStatedAnswer } from './extract-answer-phrase.ts';

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
    ['a marker anywhere (the last one counts)', 'the answer is 5\nbut let me check again', '5'],
    ['the value after "is", not the first math', 'Final Answer: The largest $n$ is 34.', '34'],
    ['Answer directly before math', 'Answer $ 9 $', '9'],
    ['Answer before display math on its own lines', 'Answer\n$$\n9\n$$', '9'],
    ['a backward marker', 'So $x = 5$ is our answer.', 'x = 5'],
    ['several math spans joined by "and"', 'The final answer is "$12 $ and $13 $".', '12, 13'],
    ['a word answer', 'The answer is Evelyn.', 'Evelyn'],
    ['a sentence-ending period inside math', 'The answer is $\\frac{1}{3}.$', '\\frac{1}{3}'],
    ['an ellipsis stays', 'The answer is $1, 2, 3, \\ldots$', '1, 2, 3, \\ldots'],
    ['a box inside the statement is its content', 'The answer is $\\boxed{7}$.', '7'],
    ['a hallucinated next turn is cut', 'The answer is 4. <|im_start|>user The answer is 10.', '4'],
    ['a marker with no value is skipped', 'The answer is $6$.\nI double-checked that answer.', '6'],
    ['"answer" ending a line of prose is no heading', 'The answer is $6$.\nLet me verify the answer\nStep 2 gives $3$.', '6'],
  ])('%s', (_, text, expected) => {
    expect(extractAnswerPhrase(text)).toBe(expected);
  });

  it.each([
    ['no marker', 'I think it is 5.'],
    ['nothing after the marker', 'the answer is'],
    ['too long to be an answer', `the answer is ${'x'.repeat(200)}`],
    ['empty', ''],
    ['a marker followed by prose only', 'I hope the answer is clear to you, dear reader, and all.'],
  ])('%s → null', (_, text) => {
    expect(extractAnswerPhrase(text)).toBeNull();
  });
});

describe('findStatedAnswer', () => {
  it('says where the statement starts', () => {
    const text = 'Work. So $6$ is our answer.';
    expect(findStatedAnswer(text)).toEqual({ value: '6', index: text.indexOf('So') });
  });
});

describe('extractFinalStatement', () => {
  it.each([
    ['a conclusion with math', 'Some work.\nTherefore $x \\geq 5$ is the solution.', 'x \\geq 5'],
    ['a conclusion without math', 'Therefore, there are 12 ways. I hope it is correct.', '12'],
    ['after a copula', 'the probability that $A$ wins is 2/3.', '2/3'],
    ['a percent', 'The error increases by 100%.', '100%'],
    ['a bare formula', '\\frac{1}{2}', '\\frac{1}{2}'],
    ['the last sentence with a number, past a closing remark', 'So the total is $15$.\n\nLet me know if you have questions!', '15'],
  ])('%s', (_, text, expected) => {
    expect(extractFinalStatement(text)).toBe(expected);
  });

  it.each(['No idea.', '', 'Let me know if you have questions!'])('%j → null', (text) => {
    expect(extractFinalStatement(text)).toBeNull();
  });
});
