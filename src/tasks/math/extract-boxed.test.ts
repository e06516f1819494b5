import { describe, expect, it } from 'vitest';
import { extractBoxed, extractBoxes } from './extract-boxed.ts';

describe('extractBoxed', () => {
  it.each([
    ['plain', 'so $\\boxed{5}$.', '5'],
    ['nested braces', 'is $\\boxed{\\frac{1}{\\sqrt{2}}}$', '\\frac{1}{\\sqrt{2}}'],
    ['deep nesting', '\\boxed{{{a}}{b}}', '{{a}}{b}'],
    ['fbox', 'Find $\\fbox{12}$', '12'],
    ['last box wins', '\\boxed{1} then \\boxed{2}', '2'],
    ['last of boxed and fbox', '\\fbox{1} and \\boxed{3}', '3'],
    ['escaped braces inside', '\\boxed{\\{1,2\\}}', '\\{1,2\\}'],
    ['space before brace', '\\boxed {7}', '7'],
    ['brace-less token', 'our answer is $\\boxed 2$.', '2'],
    ['brace-less, trailing period', 'equals \\boxed 9.', '9'],
    ['brace-less command', '\\boxed \\pi$', '\\pi'],
    ['empty box', '\\boxed{}', ''],
    ['multiline content', '\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}', '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}'],
    ['text in box', '\\boxed{5\\text{ cm}}', '5\\text{ cm}'],
  ])('%s', (_, text, expected) => {
    expect(extractBoxed(text)).toBe(expected);
  });

  it.each([
    ['no box', 'the answer is 5'],
    ['unbalanced', 'so \\boxed{\\frac{1}{2}'],
    ['last box unbalanced though an earlier one closes', '\\boxed{1} and \\boxed{2'],
    ['box command at the end', 'final \\boxed'],
    ['boxed as a prefix of another command', '\\boxedanswer{3}'],
    ['empty input', ''],
  ])('%s → null', (_, text) => {
    expect(extractBoxed(text)).toBeNull();
  });
});

describe('extractBoxes', () => {
  it('lists every complete box with its span; a box inside a box is content', () => {
    const text = 'a \\boxed{1} b \\fbox{\\boxed{2}} c \\boxed 3';
    const boxes = extractBoxes(text)!;
    expect(boxes.map((box) => box.content)).toEqual(['1', '\\boxed{2}', '3']);
    expect(boxes.map((box) => text.slice(box.start, box.end))).toEqual(['\\boxed{1}', '\\fbox{\\boxed{2}}', '\\boxed 3']);
  });

  it('is empty without boxes and null when the last box never closes', () => {
    expect(extractBoxes('no boxes')).toEqual([]);
    expect(extractBoxes('\\boxed{1} then \\boxed{2')).toBeNull();
  });
});
