import { afterAll, describe, expect, it } from 'vitest';
import { stopCasWorker } from '../math/cas-compare.ts';
import { evaluateArithmetic } from './evaluate-arithmetic.ts';

afterAll(() => stopCasWorker());

describe('evaluateArithmetic', () => {
  it.each([
    ['28 + 32', '60'],
    ['1 \\times 10^3', '1000'],
    ['10^3', '1000'],
    ['\\sqrt{16}', '4'],
    ['\\frac{1}{2}', '0.5'],
    ['3 × 4.5', '13.5'],
    ['12 ÷ 4', '3'],
    ['2 x 3', '6'],
    ['200 * 50%', '100'],
    ['1,000 + 1', '1001'],
    ['(2 + 3) * 4', '20'],
  ])('%s = %s', (formula, expected) => {
    expect(evaluateArithmetic(formula)).toBe(expected);
  });

  it.each(['x + 1', 'apples', '\\sqrt{-4}', '1/0', '', '\\foo{3}'])('%j has no value', (formula) => {
    expect(evaluateArithmetic(formula)).toBeNull();
  });
});
