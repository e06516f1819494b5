import { describe, expect, it } from 'vitest';
import { isIntegerLiteral, parseExactRational, rationalsEqual } from './parse-exact-rational.ts';

describe('parseExactRational', () => {
  it.each([
    ['12', 12n, 1n],
    ['-3', -3n, 1n],
    ['0.25', 25n, 100n],
    ['5.', 5n, 1n],
    ['\\frac{3}{4}', 3n, 4n],
    ['-\\frac{1}{2}', -1n, 2n],
    ['\\frac{-1}{2}', -1n, 2n],
    ['\\frac{1}{-2}', -1n, 2n],
    ['\\frac{1.5}{3}', 15n, 30n],
    ['2\\frac{1}{2}', 5n, 2n],
    ['-2\\frac{1}{2}', -5n, 2n],
  ])('%s', (input, numerator, denominator) => {
    expect(parseExactRational(input)).toEqual({ numerator, denominator });
  });

  it.each(['x', '\\frac{1}{0}', '2\\frac{3}{2}', '1,000', '\\sqrt{2}', '1e5', ''])('%s → null', (input) => {
    expect(parseExactRational(input)).toBeNull();
  });

  it('compares by cross-multiplication', () => {
    expect(rationalsEqual({ numerator: 1n, denominator: 2n }, { numerator: 50n, denominator: 100n })).toBe(true);
    expect(rationalsEqual({ numerator: 1n, denominator: 3n }, { numerator: 333333n, denominator: 1000000n })).toBe(false);
  });

  it('recognises integer literals', () => {
    expect(isIntegerLiteral('-42')).toBe(true);
    expect(isIntegerLiteral('4.2')).toBe(false);
  });
});
