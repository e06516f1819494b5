import { splitTopLevel } from './parse-answer-structure.ts';
import { type CasComparison, casCompare } from './cas-compare.ts';
import { isIntegerLiteral, parseExactRational, rationalsEqual } from './parse-exact-rational.ts';

/** Longest expression handed to the CAS; MATH answers are far shorter, and parse time grows with length. */
const maxCasLength = 200;
/** Commands the CAS may see: arithmetic, roots, elementary functions, Greek variables. */
const casCommands = new Set([
  'frac', 'sqrt', 'pi', 'cdot', 'times', 'div', 'overline',
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh',
  'log', 'ln', 'exp', 'lfloor', 'rfloor', 'lceil', 'rceil', 'vert', 'lvert', 'rvert',
  'alpha', 'beta', 'delta', 'theta', 'vartheta', 'phi', 'varphi', 'omega', 'lambda', 'mu', 'sigma',
  'tau', 'rho', 'epsilon', 'varepsilon', 'psi', 'chi', 'eta', 'kappa', 'nu', 'xi',
]);

/**
 * Equivalence of two normalised single answers (no top-level list, tuple or set): equal strings,
 * words up to case, equations side by side, exact rationals exactly, anything else through the CAS.
 */
export function scalarAnswersEquivalent(a: string, b: string): boolean {
  if (a === b) return a !== '';
  if (isWord(a) && isWord(b)) return a.toLowerCase() === b.toLowerCase();
  const equationA = splitEquation(a);
  const equationB = splitEquation(b);
  if (equationA || equationB) return equationA !== null && equationB !== null && equationsEquivalent(equationA, equationB);
  const exactA = parseExactRational(a);
  const exactB = parseExactRational(b);
  if (exactA && exactB) return rationalsEqual(exactA, exactB);
  return casEquivalent(a, b);
}

function isWord(s: string): boolean {
  return /^[a-zA-Z][a-zA-Z ]{2,}$/.test(s);
}

type Equation = readonly [string, string];

/** `lhs = rhs` with the `=` outside every bracket (`2(x=0)` is no equation), and no inequality. */
function splitEquation(s: string): Equation | null {
  const sides = splitTopLevel(s, '=');
  if (sides.length !== 2 || /[<>]|\\[lg]e(?![a-zA-Z])/.test(s)) return null;
  return [sides[0]!, sides[1]!];
}

/**
 * Same sides (either way round), or differences `lhs - rhs` that are nonzero multiples of each
 * other: `4x-5y=-50` ≡ `5y-4x=50`, `x^2/4 + y^2/3 = 1` ≡ `x^2/16 + y^2/12 = 1/4` (the same solution set).
 */
function equationsEquivalent([leftA, rightA]: Equation, [leftB, rightB]: Equation): boolean {
  if (scalarAnswersEquivalent(leftA, leftB) && scalarAnswersEquivalent(rightA, rightB)) return true;
  if (scalarAnswersEquivalent(leftA, rightB) && scalarAnswersEquivalent(rightA, leftB)) return true;
  return differencesProportional(`(${leftA})-(${rightA})`, `(${leftB})-(${rightB})`, 'nonzero');
}

/**
 * Whether `a = k·b` for one constant k (positive, or just nonzero) wherever both are defined: the
 * CAS evaluates both at the same 5 irregular sample points (once for constants), every real value
 * pair must give the same ratio, and at least 2 points (1 for constants) must be nonzero. A point
 * where exactly one side vanishes, or a complex value, means no.
 */
export function differencesProportional(a: string, b: string, factor: 'positive' | 'nonzero'): boolean {
  const latexA = prepareForCas(a);
  const latexB = prepareForCas(b);
  if (latexA === null || latexB === null) return false;
  const comparison = casCompare(latexA, latexB);
  if (comparison === null || !comparison.valid || comparison.unknownsA.join() !== comparison.unknownsB.join()) return false;
  const tolerance = /\d\.\d/.test(a) || /\d\.\d/.test(b) ? 1e-6 : 1e-9;
  let ratio: number | null = null;
  let points = 0;
  for (const [reA = Number.NaN, imA = Number.NaN, reB = Number.NaN, imB = Number.NaN] of comparison.values) {
    const finiteA = Number.isFinite(reA) && Number.isFinite(imA);
    const finiteB = Number.isFinite(reB) && Number.isFinite(imB);
    if (!finiteA && !finiteB) continue;
    if (finiteA !== finiteB) return false;
    if (Math.abs(imA) > 1e-12 * Math.max(1, Math.abs(reA)) || Math.abs(imB) > 1e-12 * Math.max(1, Math.abs(reB))) return false;
    const zeroA = Math.abs(reA) < 1e-12;
    const zeroB = Math.abs(reB) < 1e-12;
    if (zeroA && zeroB) continue;
    if (zeroA !== zeroB) return false;
    const next = reA / reB;
    if (ratio !== null && Math.abs(next - ratio) > tolerance * Math.max(Math.abs(next), Math.abs(ratio))) return false;
    ratio ??= next;
    points++;
  }
  if (ratio === null || points < (comparison.unknownsA.length === 0 ? 1 : 2)) return false;
  return factor === 'nonzero' || ratio > 0;
}

function casEquivalent(a: string, b: string): boolean {
  const latexA = prepareForCas(a);
  const latexB = prepareForCas(b);
  if (latexA === null || latexB === null) return false;
  const comparison = casCompare(latexA, latexB);
  return comparison !== null && comparisonSaysEqual(comparison, a, b);
}

/**
 * The CAS-ready form of an answer, or null when the CAS must not see it: too long, words, relations,
 * unknown commands, subscripts (`1200_7` is base 7), or inputs known to stall it (big factorials).
 */
export function prepareForCas(s: string): string | null {
  if (s.length === 0 || s.length > maxCasLength) return null;
  if (/[_=<>,&;:'"?@#]|\\\\|\d{41}/.test(s)) return null;
  if (s.replace(/(?<![\d.])\d{1,2}!/g, '').includes('!')) return null;
  const latex = expandBinomials(s);
  if (latex === null) return null;
  for (const [, name] of latex.matchAll(/\\([a-zA-Z]+)/g)) if (!casCommands.has(name!)) return null;
  if (/\\[^a-zA-Z]/.test(latex)) return null;
  if (/[a-zA-Z]{3,}/.test(latex.replace(/\\[a-zA-Z]+/g, ' '))) return null;
  return latex;
}

/** `\binom{n}{k}` with small integers becomes its value (the CAS does not read `\binom`). */
function expandBinomials(s: string): string | null {
  let failed = false;
  const text = s.replace(/\\binom\{([^{}]*)\}\{([^{}]*)\}/g, (_, n: string, k: string) => {
    const value = /^\d{1,4}$/.test(n) && /^\d{1,4}$/.test(k) ? binomial(BigInt(n), BigInt(k)) : null;
    if (value === null) failed = true;
    return `(${value ?? 0})`;
  });
  return failed || text.includes('\\binom') ? null : text;
}

function binomial(n: bigint, k: bigint): bigint | null {
  if (k > n) return 0n;
  const r = k < n - k ? k : n - k;
  let value = 1n;
  for (let i = 1n; i <= r; i++) value = (value * (n - r + i)) / i;
  return value.toString().length > 300 ? null : value;
}

function comparisonSaysEqual(comparison: CasComparison, a: string, b: string): boolean {
  if (!comparison.valid || comparison.unknownsA.join() !== comparison.unknownsB.join()) return false;
  if (comparison.symbolic === true) return true;
  // A decimal answer is an approximation: 1e-6 relative, as graders of MATH accept. Exact forms agree far closer.
  const tolerance = /\d\.\d/.test(a) || /\d\.\d/.test(b) ? 1e-6 : 1e-9;
  const integer = isIntegerLiteral(a) || isIntegerLiteral(b);
  let agreeing = 0;
  for (const [reA = Number.NaN, imA = Number.NaN, reB = Number.NaN, imB = Number.NaN] of comparison.values) {
    const finiteA = Number.isFinite(reA) && Number.isFinite(imA);
    const finiteB = Number.isFinite(reB) && Number.isFinite(imB);
    if (!finiteA && !finiteB) continue;
    if (finiteA !== finiteB) return false;
    const difference = Math.hypot(reA - reB, imA - imB);
    const scale = Math.max(Math.hypot(reA, imA), Math.hypot(reB, imB));
    // An integer answer must be that integer, not merely close to it relative to its size.
    const allowed = integer ? Math.max(1e-6, 1e-15 * scale) : Math.max(tolerance * scale, 1e-12);
    if (difference > allowed) return false;
    agreeing++;
  }
  return agreeing >= (comparison.unknownsA.length === 0 ? 1 : 2);
}
