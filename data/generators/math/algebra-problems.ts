import type { Random } from '../../../src/util/random.ts';
import { boxed, lcm, paren, signedInt, termsLatex, type MathDraft, type MathKind } from './math-kit.ts';

function linearEquation(rng: Random, level: number): MathDraft {
  if (level === 1) {
    const a = rng.int(2, 9);
    const x = rng.int(1, 12);
    const b = rng.int(1, 20);
    const c = a * x + b;
    return {
      problem: `Solve for $x$: $${termsLatex([[a, 'x'], [b, '']])} = ${c}$.`,
      solution: `Subtracting ${b} from both sides gives $${a}x = ${c - b}$. Dividing both sides by ${a} gives $x = ${boxed(`${x}`)}$.`,
      answer: `${x}`,
    };
  }
  if (level === 2) {
    const a = rng.int(2, 12);
    const x = signedInt(rng, 1, 12);
    const b = rng.int(1, 30);
    const c = a * x - b;
    return {
      problem: `What value of $x$ satisfies $${termsLatex([[a, 'x'], [-b, '']])} = ${c}$?`,
      solution: `Adding ${b} to both sides gives $${a}x = ${c + b}$, and dividing by ${a} gives $x = ${boxed(`${x}`)}$.`,
      answer: `${x}`,
    };
  }
  if (level === 3) {
    const a = rng.int(2, 9);
    let c = rng.int(1, 9);
    if (c === a) c = a + 1;
    const b = signedInt(rng, 1, 9);
    const x = signedInt(rng, 1, 15);
    const d = a * (x + b) - c * x;
    const k = a - c;
    const rhs = d - a * b;
    return {
      problem: `Find $x$ if $${a}(${termsLatex([[1, 'x'], [b, '']])}) = ${termsLatex([[c, 'x'], [d, '']])}$.`,
      solution:
        `Expanding the left side gives $${termsLatex([[a, 'x'], [a * b, '']])} = ${termsLatex([[c, 'x'], [d, '']])}$. ` +
        `Moving the $x$ terms to the left and the constants to the right gives ` +
        (k === 1 ? `$x = ${boxed(`${x}`)}$.` : `$${k}x = ${rhs}$. Dividing both sides by ${k} gives $x = ${boxed(`${x}`)}$.`),
      answer: `${x}`,
    };
  }
  if (level === 4) {
    const a = rng.int(2, 9);
    let b = rng.int(2, 9);
    if (b === a) b = a === 9 ? 2 : a + 1;
    const m = lcm(a, b);
    const x = m * signedInt(rng, 1, 6);
    const c = x / a + x / b;
    const coef = m / a + m / b;
    return {
      problem: `Solve for $x$: $\\frac{x}{${a}} + \\frac{x}{${b}} = ${c}$.`,
      solution:
        `Multiplying both sides by ${m}, the least common multiple of ${a} and ${b}, gives ` +
        `$${m / a}x + ${m / b}x = ${c * m}$, so $${coef}x = ${c * m}$. ` +
        `Therefore $x = \\frac{${c * m}}{${coef}} = ${boxed(`${x}`)}$.`,
      answer: `${x}`,
    };
  }
  const a = rng.int(3, 12);
  let c = rng.int(2, 12);
  if (c === a) c = a - 1;
  const b = rng.int(1, 9);
  const d = rng.int(1, 9);
  const x = signedInt(rng, 1, 20);
  const e = a * (x - b) - c * (x + d);
  const k = a - c;
  const rhs = e + a * b + c * d;
  return {
    problem: `If $${a}(x - ${b}) - ${c}(x + ${d}) = ${e}$, what is the value of $x$?`,
    solution:
      `Expanding gives $${a}x - ${a * b} - ${c}x - ${c * d} = ${e}$, which simplifies to ` +
      `$${termsLatex([[k, 'x'], [-(a * b + c * d), '']])} = ${e}$. ` +
      `Adding ${a * b + c * d} to both sides gives $${termsLatex([[k, 'x']])} = ${rhs}$, so $x = ${boxed(`${x}`)}$.`,
    answer: `${x}`,
  };
}

function linearSystem(rng: Random, level: number): MathDraft {
  const spread = level + 2;
  const positive = level <= 2;
  const x = positive ? rng.int(1, 9) : signedInt(rng, 1, 9);
  const y = positive ? rng.int(1, 9) : signedInt(rng, 1, 9);
  let a: number, b: number, c: number, d: number;
  do {
    a = level >= 4 ? signedInt(rng, 1, spread) : rng.int(1, spread);
    b = rng.int(1, spread);
    c = rng.int(1, spread);
    d = level >= 4 ? signedInt(rng, 1, spread) : rng.int(1, spread);
  } while (a * d - b * c === 0);
  const e = a * x + b * y;
  const f = c * x + d * y;
  const det = a * d - b * c;
  const numerator = e * d - b * f;
  const targets: Array<{ ask: string; show: string; value: number }> = [
    { ask: '$x$', show: '', value: x },
    { ask: '$x + y$', show: `$x + y = ${x} + ${paren(y)}`, value: x + y },
    { ask: '$xy$', show: `$xy = ${x} \\cdot ${paren(y)}`, value: x * y },
    { ask: '$2x - 3y$', show: `$2x - 3y = 2 \\cdot ${paren(x)} - 3 \\cdot ${paren(y)}`, value: 2 * x - 3 * y },
  ];
  const target = targets[Math.min(level - 2, targets.length - 1)]!;
  const conclusion =
    target.show === ''
      ? `so $x = ${boxed(`${x}`)}$.`
      : `so $x = ${x}$. Substituting into the first equation gives $${b === 1 ? '' : b}y = ${e} - ${paren(a * x)} = ${e - a * x}$, so $y = ${y}$. ` +
        `Therefore ${target.show} = ${boxed(`${target.value}`)}$.`;
  return {
    problem:
      `If $${termsLatex([[a, 'x'], [b, 'y']])} = ${e}$ and $${termsLatex([[c, 'x'], [d, 'y']])} = ${f}$, ` +
      `what is the value of ${target.ask}?`,
    solution:
      `Multiply the first equation by ${paren(d)} and the second by ${b}, then subtract the second from the first. ` +
      `The $y$ terms cancel, leaving $(${a} \\cdot ${paren(d)} - ${b} \\cdot ${c})x = ${e} \\cdot ${paren(d)} - ${b} \\cdot ${paren(f)}$, ` +
      `that is, $${termsLatex([[det, 'x']])} = ${numerator}$, ${conclusion}`,
    answer: `${target.value}`,
  };
}

function evaluatePolynomial(rng: Random, level: number): MathDraft {
  if (level === 1) {
    const a = signedInt(rng, 2, 9);
    const b = signedInt(rng, 1, 15);
    const k = rng.int(1, 10);
    const value = a * k + b;
    return {
      problem: `If $f(x) = ${termsLatex([[a, 'x'], [b, '']])}$, what is $f(${k})$?`,
      solution: `We have $f(${k}) = ${a} \\cdot ${k} ${b < 0 ? '-' : '+'} ${Math.abs(b)} = ${a * k} ${b < 0 ? '-' : '+'} ${Math.abs(b)} = ${boxed(`${value}`)}$.`,
      answer: `${value}`,
    };
  }
  const a = signedInt(rng, 1, 5);
  const b = signedInt(rng, 1, 9);
  const c = signedInt(rng, 1, 20);
  const k = signedInt(rng, 1, 6);
  const value = a * k * k + b * k + c;
  return {
    problem: `Let $g(x) = ${termsLatex([[a, 'x^2'], [b, 'x'], [c, '']])}$. Evaluate $g(${k})$.`,
    solution:
      `Substituting $x = ${k}$ gives $g(${k}) = ${a} \\cdot ${paren(k)}^2 + ${paren(b)} \\cdot ${paren(k)} + ${paren(c)} ` +
      `= ${a * k * k} + ${paren(b * k)} + ${paren(c)} = ${boxed(`${value}`)}$.`,
    answer: `${value}`,
  };
}

function quadraticRoots(rng: Random, level: number): MathDraft {
  let r: number, s: number;
  do {
    r = signedInt(rng, 1, 3 + 2 * level);
    s = signedInt(rng, 1, 3 + 2 * level);
  } while (r === s);
  const lead = level >= 5 ? rng.int(2, 4) : 1;
  const b = -lead * (r + s);
  const c = lead * r * s;
  const equation = `${termsLatex([[lead, 'x^2'], [b, 'x'], [c, '']])} = 0`;
  const factored = `${lead === 1 ? '' : lead}(${termsLatex([[1, 'x'], [-r, '']])})(${termsLatex([[1, 'x'], [-s, '']])}) = 0`;
  const roots = `The solutions are $x = ${r}$ and $x = ${s}$`;
  if (level === 3) {
    return {
      problem: `What is the sum of all values of $x$ that satisfy $${equation}$?`,
      solution: `Factoring gives $${factored}$. ${roots}, whose sum is $${r} + ${paren(s)} = ${boxed(`${r + s}`)}$.`,
      answer: `${r + s}`,
    };
  }
  if (level === 4) {
    return {
      problem: `What is the product of the solutions of the equation $${equation}$?`,
      solution: `Factoring gives $${factored}$. ${roots}, whose product is $${r} \\cdot ${paren(s)} = ${boxed(`${r * s}`)}$.`,
      answer: `${r * s}`,
    };
  }
  const larger = Math.max(r, s);
  return {
    problem: `Find the larger solution of $${equation}$.`,
    solution: `Factoring gives $${factored}$. ${roots}, so the larger one is $${boxed(`${larger}`)}$.`,
    answer: `${larger}`,
  };
}

export const algebraProblems: readonly MathKind[] = [
  { subject: 'Algebra', minLevel: 1, maxLevel: 5, make: linearEquation },
  { subject: 'Algebra', minLevel: 2, maxLevel: 5, make: linearSystem },
  { subject: 'Algebra', minLevel: 1, maxLevel: 2, make: evaluatePolynomial },
  { subject: 'Algebra', minLevel: 3, maxLevel: 5, make: quadraticRoots },
];
