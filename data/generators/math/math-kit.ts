import type { Random } from '../../../src/util/random.ts';

/** What one problem kind produces; the caller adds subject, level and id. */
export interface MathDraft {
  problem: string;
  /** Ends with the answer in `\boxed{}`. */
  solution: string;
  answer: string;
}

export const mathSubjects = ['Algebra', 'Counting & Probability', 'Number Theory', 'Prealgebra'] as const;
export type MathSubject = (typeof mathSubjects)[number];

export interface MathKind {
  subject: MathSubject;
  /** Levels this kind can produce, both ends included. */
  minLevel: number;
  maxLevel: number;
  make(rng: Random, level: number): MathDraft;
}

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

export function factorial(n: number): number {
  let out = 1;
  for (let i = 2; i <= n; i++) out *= i;
  return out;
}

export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return Math.round(out);
}

/** Prime factorisation as [prime, exponent] pairs, smallest prime first. */
export function factorize(n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let rest = n;
  for (let p = 2; p * p <= rest; p++) {
    let e = 0;
    while (rest % p === 0) {
      rest /= p;
      e++;
    }
    if (e > 0) out.push([p, e]);
  }
  if (rest > 1) out.push([rest, 1]);
  return out;
}

export function powersLatex(factors: ReadonlyArray<readonly [number, number]>): string {
  if (factors.length === 0) return '1';
  return factors.map(([p, e]) => (e === 1 ? `${p}` : `${p}^${e > 9 ? `{${e}}` : e}`)).join(' \\cdot ');
}

export function factorLatex(n: number): string {
  return powersLatex(factorize(n));
}

/** A reduced fraction with a positive denominator. */
export interface Fraction {
  num: number;
  den: number;
}

export function fraction(num: number, den: number): Fraction {
  if (den === 0) throw new RangeError('zero denominator');
  const sign = den < 0 ? -1 : 1;
  const g = gcd(num, den) || 1;
  return { num: (sign * num) / g, den: Math.abs(den) / g };
}

export const addFractions = (a: Fraction, b: Fraction): Fraction => fraction(a.num * b.den + b.num * a.den, a.den * b.den);
export const subtractFractions = (a: Fraction, b: Fraction): Fraction => fraction(a.num * b.den - b.num * a.den, a.den * b.den);
export const multiplyFractions = (a: Fraction, b: Fraction): Fraction => fraction(a.num * b.num, a.den * b.den);
export const divideFractions = (a: Fraction, b: Fraction): Fraction => fraction(a.num * b.den, a.den * b.num);

/** `\frac{3}{8}`, `-\frac{3}{8}`, or a plain integer when the denominator is 1, as MATH answers are written. */
export function fracLatex(f: Fraction): string {
  const r = fraction(f.num, f.den);
  if (r.den === 1) return `${r.num}`;
  return `${r.num < 0 ? '-' : ''}\\frac{${Math.abs(r.num)}}{${r.den}}`;
}

/**
 * A sum of terms with signs folded in: [[3, 'x'], [-1, 'y'], [-4, '']] gives `3x - y - 4`.
 * Zero terms are dropped and unit coefficients on variables are hidden.
 */
export function termsLatex(terms: ReadonlyArray<readonly [number, string]>): string {
  let out = '';
  for (const [coef, variable] of terms) {
    if (coef === 0) continue;
    const magnitude = Math.abs(coef);
    const body = variable !== '' && magnitude === 1 ? variable : `${magnitude}${variable}`;
    if (out === '') out = coef < 0 ? `-${body}` : body;
    else out += coef < 0 ? ` - ${body}` : ` + ${body}`;
  }
  return out === '' ? '0' : out;
}

/** Wraps a negative number in parentheses so `3 \cdot (-2)` reads right. */
export function paren(n: number): string {
  return n < 0 ? `(${n})` : `${n}`;
}

export function boxed(answer: string): string {
  return `\\boxed{${answer}}`;
}

/** A nonzero integer in [-max, -min] or [min, max]. */
export function signedInt(rng: Random, min: number, max: number): number {
  return rng.int(min, max) * (rng.int(0, 1) === 0 ? 1 : -1);
}
