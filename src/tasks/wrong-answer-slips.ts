import type { Random } from '../util/random.ts';

/**
 * The sim's pool of plausible wrong answers for a query with a number or LaTeX reference: the
 * usual slips, minus those `same` calls equal to the reference. Samples that go wrong draw from
 * it (weighted toward its head), so wrong answers agree with each other often enough that
 * majority voting is not magic.
 */
export function slipPool(reference: string, size: number, random: Random, same: (a: string, b: string) => boolean): string[] {
  const numeric = Number(reference);
  const candidates = Number.isFinite(numeric) && reference.trim() !== '' ? numericSlips(numeric) : latexSlips(reference);
  const distinct = candidates.filter((candidate) => !same(candidate, reference));
  return [...new Set(random.shuffle(distinct))].slice(0, size);
}

/** Off-by-one, doubled, halved, an order of magnitude, a dropped step: the usual arithmetic slips. */
function numericSlips(n: number): string[] {
  const slips = [n + 1, n - 1, n * 2, n / 2, n + 10, n - 10, n * 10, n + 2, Math.round(n * 1.5)];
  return slips
    .filter((value) => Number.isInteger(value) === Number.isInteger(n) && (n < 0 || value >= 0))
    .map((value) => String(Number(value.toFixed(6))));
}

function latexSlips(answer: string): string[] {
  const fraction = /^\\[dt]?frac\{(-?\d+)\}\{(\d+)\}$/.exec(answer.trim());
  if (fraction) {
    const [a, b] = [Number(fraction[1]), Number(fraction[2])];
    return [`\\frac{${b}}{${a}}`, `\\frac{${a + 1}}{${b}}`, `\\frac{${a}}{${b + 1}}`, `\\frac{${2 * a}}{${b}}`, String(a * b)];
  }
  return [`2${wrap(answer)}`, `${answer}+1`, `-${wrap(answer)}`, `${answer}-1`, `\\frac{${answer}}{2}`];
}

function wrap(answer: string): string {
  return /^[\w\\{}^]+$/.test(answer) ? answer : `(${answer})`;
}
