import { describe, expect, it } from 'vitest';
import { fixFractions, normalizeMathAnswer } from './normalize-math-answer.ts';

describe('normalizeMathAnswer', () => {
  it.each([
    // Hendrycks `_strip_string` rules
    ['linebreaks', '1\n+\n2', '1+2'],
    ['\\! removed', '3\\!4', '34'],
    ['\\\\ → \\ outside matrices', '\\\\frac{1}{2}', '\\frac{1}{2}'],
    ['tfrac', '\\tfrac{1}{3}', '\\frac{1}{3}'],
    ['dfrac', '\\dfrac{1}{3}', '\\frac{1}{3}'],
    ['\\left / \\right', '\\left( 1, 2 \\right)', '(1,2)'],
    ['^{\\circ}', '90^{\\circ}', '90'],
    ['^\\circ', '120^\\circ', '120'],
    ['\\$', '\\$5', '5'],
    ['negative dollars', '-\\$0.50', '-0.50'],
    ['trailing \\text unit with space', '5\\text{ cm}', '5'],
    ['trailing unit words', '135\\text{ square feet}', '135'],
    ['unit after \\, and with exponent', '25 \\, \\text{km}^2', '25'],
    ['\\mbox unit', '15\\mbox{ cm}^2', '15'],
    ['\\%', '10\\%', '10'],
    ['%', '10%', '10'],
    ['" ." → " 0."', 'x = .5', '\\frac{1}{2}'],
    ['"{." → "{0."', '\\frac{.5}{2}', '\\frac{0.5}{2}'],
    ['leading "."', '.25', '0.25'],
    ['0.5 → \\frac{1}{2}', '0.5', '\\frac{1}{2}'],
    ['x = prefix', 'x = 5', '5'],
    ['k=prefix', 'k=15', '15'],
    ['\\frac12', '\\frac12', '\\frac{1}{2}'],
    ['\\frac 34 (space)', '\\frac 34', '\\frac{3}{4}'],
    ['\\frac1{2}', '\\frac1{2}', '\\frac{1}{2}'],
    ['\\sqrt2', '\\sqrt2', '\\sqrt{2}'],
    ['\\sqrt 2 (space)', '2\\sqrt 2', '2\\sqrt{2}'],
    ['spaces', ' 2 + 3 i ', '2+3i'],
    ['a/b', '3/4', '\\frac{3}{4}'],
    ['negative a/b', '-3/4', '-\\frac{3}{4}'],
    // beyond Hendrycks
    ['\\text wrapper', '\\text{(C)}', '(C)'],
    ['\\textbf wrapper', '\\textbf{Sunday}', 'Sunday'],
    ['\\mbox wrapper', '\\mbox{odd}', 'odd'],
    ['{,} thousands', '1{,}000', '1000'],
    [',\\! thousands', '75,\\!075', '75075'],
    [',\\! thousands with spaces', '11,\\! 111,\\! 100', '11111100'],
    ['bare 1,000', '1,000', '1000'],
    ['bare 1,000,000.5', '1,000,000.5', '1000000.5'],
    ['list is not a number', '1,2', '1,2'],
    ['spaced list is not a number', '70, 110', '70,110'],
    ['trailing period', '\\frac{7}{5} + \\frac{1}{5} i.', '\\frac{7}{5}+\\frac{1}{5}i'],
    ['ellipsis kept', '1,2,...', '1,2,...'],
    ['\\text{ and } separator', '12\\text{ and }13', '12,13'],
    ['list with "and"', '7, -2, \\text{ and } -5', '7,-2,-5'],
    ['bare unit words', '18 square units', '18'],
    ['math word after a number is kept', '5 pi', '5pi'],
    ['unicode minus and pi', '\u22123\u03c0', '-3\\pi'],
    ['degree sign', '45\u00b0', '45'],
    ['\\in prefix', 'x \\in [1, 2)', '[1,2)'],
    ['command followed by a letter keeps a space', '2\\pi r', '2\\pi r'],
    ['\\leq', 'x \\leq 3', 'x\\le3'],
    ['single-character braces', 'x^{2}+y_{1}', 'x^2+y_1'],
    ['leading +', '+5', '5'],
    ['\\displaystyle', '\\displaystyle\\frac{1}{2}', '\\frac{1}{2}'],
    ['spacing commands', '1\\,2\\;3\\quad4', '1234'],
    ['long lhs is kept', 'x^2 + y^2 = 13', 'x^2+y^2=13'],
    ['function lhs', 'f(x) = 2x', '2x'],
    ['matrix rows survive', '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix}1\\\\2\\end{pmatrix}'],
    ['\\right. removed', '\\left\\{ 1 \\right\\}', '\\{1\\}'],
    ['\\rightarrow untouched', 'a \\rightarrow b', 'a\\rightarrow b'],
    ['empty', '', ''],
    // relation spellings (issue 18)
    ['>=', 'x >= 5', 'x\\ge5'],
    ['<=', 'x <= 5', 'x\\le5'],
    ['!=', 'x != 5', 'x\\ne5'],
    ['a factorial before = stays', '3!=6', '6'],
    ['\\lt and \\gt', '1 \\lt x \\gt 0', '1<x>0'],
    ['\\geqslant and \\neq', 'x \\geqslant 1, y \\neq 2', 'x\\ge1,y\\ne2'],
    ['unicode relations', 'x \u2260 1', 'x\\ne1'],
    // ends, separators, words
    ['trailing backslash', '185\\', '185'],
    ['trailing double backslash', '185\\\\', '185'],
    ['trailing comma', '\\frac{1}{3},', '\\frac{1}{3}'],
    ['{, } thousands with spaces', '14 {, }916', '14916'],
    ['percent word', '28 percent', '28'],
    ['percent in text', '28\\text{ percent}', '28'],
    ['pct', '28 pct', '28'],
    ['euro sign', '5\u20ac', '5'],
    // approximations
    ['approximation appended', '\\frac{\\sqrt3}3 \\approx 0.577', '\\frac{\\sqrt{3}}{3}'],
    ['labelled approximation', 'x \\approx 11', '11'],
    ['a non-numeric tail is not an approximation', '\\frac23 \\approx 0.67+1', '\\frac{2}{3}\\approx0.67+1'],
    // equality chains and labels
    ['equality chain', 'x = 5+5+1 = 11', '11'],
    ['constant left side', '3 \\cdot 4 = 12', '12'],
    ['equation with unknowns kept', '7 = 11a+c', '7=11a+c'],
    ['tuple label', '(p,q)=(3,2)', '(3,2)'],
    ['function value label', 'f(2) = 5', '5'],
    ['word label', '\\text{Area} = 5', '5'],
    ['a list keeps item labels', 'x=1, x=2', 'x=1,x=2'],
    // groups
    ['outer TeX group', '{1,2}', '1,2'],
    ['nested outer groups', '{{5}}', '5'],
    ['an escaped set is kept', '\\{1,2\\}', '\\{1,2\\}'],
  ])('%s', (_, input, expected) => {
    expect(normalizeMathAnswer(input)).toBe(expected);
  });

  it('keeps a label when asked', () => {
    expect(normalizeMathAnswer('y = 2x + 3', { keepLabel: true })).toBe('y=2x+3');
    expect(normalizeMathAnswer('y = 2x + 3')).toBe('2x+3');
  });

  it('reads a bare 1,000 as a list when asked', () => {
    expect(normalizeMathAnswer('70,110', { bareThousands: false })).toBe('70,110');
    expect(normalizeMathAnswer('75,\\!075', { bareThousands: false })).toBe('75075');
  });

  it.each(['\\frac{1}{2}', '2\\sqrt{2}', '(1,2)', '\\{1,2\\}', '[1,2)', 'x^2+2x+1', '5', '\\begin{pmatrix}1\\\\2\\end{pmatrix}'])(
    'is idempotent on %s',
    (input) => {
      const once = normalizeMathAnswer(input);
      expect(normalizeMathAnswer(once)).toBe(once);
    },
  );
});

describe('fixFractions', () => {
  it.each([
    ['\\frac12', '\\frac{1}{2}'],
    ['\\frac{1}2', '\\frac{1}{2}'],
    ['\\frac\\pi2', '\\frac{\\pi}{2}'],
    ['\\frac{\\frac12}{3}', '\\frac{\\frac{1}{2}}{3}'],
    ['1+\\frac34+\\frac56', '1+\\frac{3}{4}+\\frac{5}{6}'],
    ['\\binom52', '\\binom{5}{2}'],
    ['\\frac', '\\frac'],
    ['\\frac{1', '\\frac{1'],
  ])('%s → %s', (input, expected) => {
    expect(fixFractions(input)).toBe(expected);
  });
});
