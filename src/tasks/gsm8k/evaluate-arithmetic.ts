import { casEvaluate } from '../math/cas-compare.ts';
import { prepareForCas } from '../math/scalar-answers-equivalent.ts';
import { canonicalNumber, numberPattern } from './parse-number.ts';

/** Significant digits kept of a computed value: enough for any GSM8K answer, few enough to hide float noise. */
const significantDigits = 12;

/**
 * The value of an arithmetic formula a model wrote as its answer (`28 + 32`, `1 \times 10^3`,
 * `\sqrt{16}`, `3 × 4.5`), as a canonical decimal string, or null when it is not a constant
 * formula. Numbers are read with the GSM8K separator rules first; the compute engine (in its
 * worker, under its time limit) does the arithmetic.
 */
export function evaluateArithmetic(formula: string): string | null {
  let failed = false;
  const latex = formula
    .replace(numberPattern, (token) => {
      const value = canonicalNumber(token);
      if (value === null) failed = true;
      return `{${value}}`;
    })
    .replace(/×|(?<=\s)[xX](?=\s)/g, '\\times ')
    .replace(/÷/g, '\\div ')
    .replace(/[*·]/g, '\\cdot ')
    .replace(/%/g, '\\cdot {0.01}');
  if (failed) return null;
  const prepared = prepareForCas(latex.replace(/\s+/g, ' ').trim());
  if (prepared === null) return null;
  const value = casEvaluate(prepared);
  return value === null ? null : String(Number(value.toPrecision(significantDigits)));
}
