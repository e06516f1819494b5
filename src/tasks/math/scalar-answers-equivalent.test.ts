import { afterAll, describe, expect, it } from 'vitest';
import { stopCasWorker } from './cas-compare.ts';
import { prepareForCas, scalarAnswersEquivalent } from './scalar-answers-equivalent.ts';

afterAll(() => stopCasWorker());

describe('scalarAnswersEquivalent', () => {
  it.each([
    ['5', '5', true],
    ['Sunday', 'sunday', true],
    ['0.25', '\\frac{1}{4}', true],
    ['2\\frac{1}{2}', '2.5', true],
    ['x^2+y^2=13', '13=x^2+y^2', true],
    ['2x+2=0', 'x+1=0', true],
    ['x^2=x', 'x=1', false],
    ['2x+2=0', 'x+2=0', false],
    ['y=2x', '2x', false],
    ['x\\le3', 'x\\le 3', false],
    ['\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}', true],
    ['\\sin\\frac{\\pi}{6}', '\\frac{1}{2}', true],
    ['0.\\overline{3}', '\\frac{1}{3}', true],
    ['', '', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(scalarAnswersEquivalent(a, b)).toBe(expected);
  });
});

describe('prepareForCas', () => {
  it.each([
    ['\\frac{1}{2}', '\\frac{1}{2}'],
    ['2\\pi r', '2\\pi r'],
    ['\\binom{5}{2}', '(10)'],
    ['3!+1', '3!+1'],
  ])('passes %s', (input, expected) => {
    expect(prepareForCas(input)).toBe(expected);
  });

  it.each(['100000!', '(10^{100})!', 'n!', '1200_7', 'x=1', 'x<1', 'neither', '\\sum_{k=1}^{10}k', '\\infty', '\\text{a}', 'a,b', `1${'+1'.repeat(150)}`, '\\binom{n}{2}', '\\{1\\}'])(
    'refuses %s',
    (input) => {
      expect(prepareForCas(input)).toBeNull();
    },
  );
});
