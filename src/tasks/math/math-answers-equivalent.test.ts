import { describe, expect, it } from 'vitest';
import { mathAnswersEquivalent } from './math-answers-equivalent.ts';

describe('mathAnswersEquivalent', () => {
  it.each([
    // numbers and fractions
    ['\\frac{1}{2}', '0.5'],
    ['\\frac{1}{2}', '\\dfrac12'],
    ['\\frac{1}{2}', '1/2'],
    ['0.5', '.5'],
    ['\\frac{2}{4}', '\\frac{1}{2}'],
    ['3', '3.0'],
    ['-\\frac{3}{4}', '\\frac{-3}{4}'],
    ['2\\frac{1}{2}', '\\frac{5}{2}'],
    ['6\\frac{1}{6}\\text{ feet}', '\\frac{37}{6}'],
    ['1099511627776', '2^{40}'],
    // radicals, pi, complex
    ['2\\sqrt{2}', '\\sqrt{8}'],
    ['\\frac{\\sqrt{6}}{3}', '\\sqrt{\\frac{2}{3}}'],
    ['\\frac{\\sqrt{3}}{2}', '0.8660254'],
    ['\\sqrt{3+2\\sqrt{2}}', '1+\\sqrt{2}'],
    ['\\pi', '3.14159265'],
    ['\\frac{\\pi}{2}', '\\pi/2'],
    ['-12 + 15i', '15i - 12'],
    ['\\frac{7}{5} + \\frac{1}{5} i.', '1.4+0.2i'],
    ['\\binom{5}{2}', '10'],
    ['3!', '6'],
    // Hendrycks string rules
    ['10\\%', '10'],
    ['90^\\circ', '90'],
    ['x=3', '3'],
    ['\\$5', '5'],
    ['5\\text{ cm}', '5'],
    ['75,\\!075', '75075'],
    ['1{,}000', '1,000'],
    ['\\text{(C)}', 'C'],
    ['\\text{(C)}', '(C)'],
    ['\\text{Sunday}', 'sunday'],
    // expressions with unknowns
    ['x^2+2x+1', '(x+1)^2'],
    ['\\frac{3x^2}{2}', '1.5x^2'],
    ['2\\pi r', 'r \\cdot 2\\pi'],
    ['7(x+3)(x-3)', '7x^2-63'],
    // equations
    ['y = 2x + 3', 'y=3+2x'],
    // a one-variable left-hand side is a label (Hendrycks), so a line may be given by its right-hand side
    ['y=2x', '2x'],
    ['x^2+y^2=13', 'y^2+x^2=13'],
    ['4x-5y=-50', '5y-4x=50'],
    // structures
    ['[1,2)', '[1, 2)'],
    ['(-\\infty, 0]', '(-\\infty,0]'],
    ['(-\\infty,-7) \\cup (1,2)', '(1,2)\\cup(-\\infty,-7)'],
    ['(1,2)', '\\left(1, 2\\right)'],
    ['(\\frac12, 3)', '(0.5, 3)'],
    ['\\{1,2\\}', '\\{2,1\\}'],
    ['1,2', '2,1'],
    ['1,2', '\\{2, 1\\}'],
    ['x=1, x=2', '2, 1'],
    ['\\{3\\}', '3'],
    ['1 \\pm \\sqrt{19}', '1-\\sqrt{19}, 1+\\sqrt{19}'],
    ['\\frac{-1\\pm\\sqrt{5}}{2}', '\\frac{-1-\\sqrt5}{2},\\frac{-1+\\sqrt5}{2}'],
    ['(1,2),(3,4)', '(3,4),(1,2)'],
    // a pair written without its parentheses, in the same order
    ['(1,2)', '1,2'],
    ['\\begin{pmatrix} 1/5 \\\\ -3/5 \\end{pmatrix}', '\\begin{pmatrix} 0.2 \\\\ -0.6 \\end{pmatrix}'],
    ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}'],
    ['12\\text{ and }13', '13, 12'],
    ['70,110', '70, 110'],
    ['70,110', '70110'],
    // issue 18 kinds
    ['x \\le 5', '5 \\ge x'],
    ['x \\ne 3', 'x != 3'],
    ['0<y<1', '(0,1)'],
    ['x < -1 \\text{ or } x > 2', '(-\\infty,-1)\\cup(2,\\infty)'],
    ['(p,q)=(3,2)', '(3,2)'],
    ['\\{\\{1,2\\}\\}', '\\{2,1\\}'],
    ['{1,3}', '(1,3)'],
    ['\\{1\\pm\\sqrt{5},-2\\}', '-2,1+\\sqrt5,1-\\sqrt5'],
    ['185\\', '185'],
    ['14 {, }916', '14916'],
    ['2x+4y-3=0', 'y=-\\frac12x+\\frac34'],
    ['28 percent', '28\\%'],
    ['\\frac{\\sqrt3}3 \\approx 0.577', '\\frac{\\sqrt{3}}{3}'],
    ['C. x = 42', 'C'],
    ['1,22', '1.22'],
    ['\\left[\\begin{array}{cc}1 & 2 \\\\ 3 & 4\\end{array}\\right]', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}'],
  ])('%s ≡ %s', (a, b) => {
    expect(mathAnswersEquivalent(a, b)).toBe(true);
    expect(mathAnswersEquivalent(b, a)).toBe(true);
  });

  it.each([
    ['3', '4'],
    ['[1,2)', '[1,2]'],
    ['(1,2)', '(2,1)'],
    ['(1,2)', '2,1'],
    ['(1,2)', '\\{1,2\\}'],
    ['[1,2)', '1,2'],
    ['(1,2)', '(1,2,3)'],
    ['1,1,2', '1,2,2'],
    ['1,2', '1,2,3'],
    ['\\frac{1}{3}', '0.333'],
    ['\\frac{1}{3}', '0.333333'],
    ['\\pi', '3.14'],
    ['\\sqrt{2}', '1.41'],
    ['1099511627777', '2^{40}'],
    ['1234567', '1234568'],
    ['x+1', 'y+1'],
    ['x^2', 'x^3'],
    ['1200_7', '1200'],
    ['\\text{(C)}', '(D)'],
    ['\\text{odd}', '\\text{even}'],
    ['(-\\infty,-7) \\cup (1,2)', '(-\\infty,-7] \\cup (1,2)'],
    ['(-\\infty,-7) \\cup (1,2)', '(-\\infty,-7)'],
    ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}'],
    ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '(1,2)'],
    ['x\\le 3', 'x \\ge 3'],
    ['10^{1000}', '10^{1001}'],
    ['\\infty', '10^{400}'],
    ['-\\infty', '\\infty'],
    ['2', '\\frac{1}{0}'],
    ['', ''],
    ['5', ''],
    // issue 18 kinds, the other side
    ['x > 5', 'x < 5'],
    ['x \\le 5', 'x < 5'],
    ['0<y<1', '[0,1)'],
    ['{1,3}', '(3,1)'],
    ['\\{1,3\\}', '(1,3)'],
    ['2,6', '2.6'],
    ['x^2=x', 'x=1'],
    ['0.28', '28\\%'],
    ['\\frac{\\sqrt3}3 \\approx 0.577', '0.577'],
    ['D. x = 42', 'C'],
  ])('%s ≢ %s', (a, b) => {
    expect(mathAnswersEquivalent(a, b)).toBe(false);
    expect(mathAnswersEquivalent(b, a)).toBe(false);
  });

  it.each([
    ['garbage braces', '}{{', '3'],
    ['unbalanced', '\\frac{1}{', '\\frac{1}{2}'],
    ['huge factorial', '(10^{100})!', '1'],
    ['factorial of a big literal', '100000!', '2'],
    ['giant sum', '\\sum_{k=1}^{10^9} k', '500000000500000000'],
    ['very long input', '1+'.repeat(5000) + '1', '5001'],
    ['deep nesting', '('.repeat(500) + '1' + ')'.repeat(500), '1'],
    ['unknown command', '\\foo{1}', '1'],
    ['binary junk', '\u0000\u0001\uffff', '1'],
  ])('%s is not equivalent, quickly, without throwing', (_, a, b) => {
    // Each CAS call has a 2 s budget; a hang fails through the test timeout.
    expect(mathAnswersEquivalent(a, b)).toBe(false);
  });

  it('returns false for non-string input instead of throwing', () => {
    expect(mathAnswersEquivalent(undefined as unknown as string, '1')).toBe(false);
    expect(mathAnswersEquivalent(null as unknown as string, null as unknown as string)).toBe(false);
  });

  it('survives random LaTeX-ish noise', () => {
    const alphabet = ['\\frac', '{', '}', '(', ')', '[', ']', '\\sqrt', '^', '_', '1', '2', 'x', ',', '\\pi', '\\pm', '=', '!', '\\cup', '\\{', '\\}', '\\text{', ' ', '.', '-', '\\\\'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const randomAnswer = (): string => Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 300; i++) expect(typeof mathAnswersEquivalent(randomAnswer(), randomAnswer())).toBe('boolean');
  });
});
