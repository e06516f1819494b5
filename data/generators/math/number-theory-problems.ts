import type { Random } from '../../../src/util/random.ts';
import { boxed, factorize, factorLatex, gcd, lcm, powersLatex, type MathDraft, type MathKind } from './math-kit.ts';

/** Numbers sharing a common factor, so the gcd is interesting; bigger and more of them at higher levels. */
function sharedFactorNumbers(rng: Random, level: number, count: number): number[] {
  const limit = [60, 200, 1000, 3000, 10000][level - 1]!;
  for (;;) {
    const g = rng.int(2, level <= 2 ? 12 : 36);
    const numbers = new Set<number>();
    while (numbers.size < count) numbers.add(g * rng.int(2, Math.max(3, Math.floor(limit / g))));
    const list = [...numbers].sort((x, y) => x - y);
    if (list.every((n) => n <= limit)) return list;
  }
}

/** Each prime of any of the numbers, raised to the smallest (gcd) or largest (lcm) exponent among them. */
function combinedPowers(numbers: readonly number[], pick: (a: number, b: number) => number): Array<[number, number]> {
  const factorizations = numbers.map((n) => new Map(factorize(n)));
  const primes = [...new Set(factorizations.flatMap((f) => [...f.keys()]))].sort((a, b) => a - b);
  return primes
    .map((p): [number, number] => [p, factorizations.map((f) => f.get(p) ?? 0).reduce((a, b) => pick(a, b))])
    .filter(([, e]) => e > 0);
}

function factorLines(numbers: readonly number[]): string {
  return numbers.map((n) => `$${n} = ${factorLatex(n)}$`).join(', ');
}

function greatestCommonDivisor(rng: Random, level: number): MathDraft {
  const numbers = sharedFactorNumbers(rng, level, level >= 4 ? 3 : 2);
  const g = numbers.reduce(gcd);
  const list = numbers.join(', ').replace(/, (\d+)$/, numbers.length > 2 ? ', and $1' : ' and $1');
  const common = combinedPowers(numbers, Math.min);
  const reason =
    common.length === 0
      ? 'They share no prime factor'
      : `Taking each shared prime to the smallest power it appears with gives $${powersLatex(common)}$`;
  return {
    problem: `What is the greatest common divisor of ${list}?`,
    solution: `The prime factorizations are ${factorLines(numbers)}. ${reason}, so the greatest common divisor is $${boxed(`${g}`)}$.`,
    answer: `${g}`,
  };
}

function leastCommonMultiple(rng: Random, level: number): MathDraft {
  const count = level >= 4 ? 3 : 2;
  const limit = [0, 30, 60, 40, 90][level - 1]!;
  const numbers = new Set<number>();
  while (numbers.size < count) numbers.add(rng.int(4, limit));
  const list = [...numbers].sort((x, y) => x - y);
  const l = list.reduce(lcm);
  const powers = powersLatex(combinedPowers(list, Math.max));
  const solution = `The prime factorizations are ${factorLines(list)}. The least common multiple takes each prime to the largest power it appears with: $${powers} = ${boxed(`${l}`)}$.`;
  if (level === 5) {
    return {
      problem:
        `Three lighthouses flash every ${list[0]} seconds, every ${list[1]} seconds and every ${list[2]} seconds. ` +
        `They all flash at the same moment. How many seconds later will they next all flash together?`,
      solution: `They next flash together after the least common multiple of ${list[0]}, ${list[1]} and ${list[2]} seconds. ${solution}`,
      answer: `${l}`,
    };
  }
  const names = list.join(', ').replace(/, (\d+)$/, count > 2 ? ', and $1' : ' and $1');
  return { problem: `Find the least common multiple of ${names}.`, solution, answer: `${l}` };
}

function remainders(rng: Random, level: number): MathDraft {
  const m = rng.int(3, 6 + 3 * level);
  if (level === 1) {
    const n = rng.int(50, 999);
    const q = Math.floor(n / m);
    const r = n % m;
    return {
      problem: `What is the remainder when ${n} is divided by ${m}?`,
      solution: `Since $${n} = ${m} \\cdot ${q} + ${r}$ and $0 \\le ${r} < ${m}$, the remainder is $${boxed(`${r}`)}$.`,
      answer: `${r}`,
    };
  }
  if (level === 2 || level === 3) {
    const count = level === 2 ? 3 : 2;
    const numbers = Array.from({ length: count }, () => rng.int(100, level === 2 ? 999 : 9999));
    const residues = numbers.map((n) => n % m);
    const isSum = level === 2;
    const result = isSum ? residues.reduce((a, b) => a + b) % m : residues.reduce((a, b) => a * b) % m;
    const op = isSum ? ' + ' : ' \\cdot ';
    const combined = isSum ? residues.reduce((a, b) => a + b) : residues.reduce((a, b) => a * b);
    return {
      problem: `What is the remainder when $${numbers.join(op)}$ is divided by ${m}?`,
      solution:
        `Working modulo ${m}, ${numbers.map((n, i) => `$${n} \\equiv ${residues[i]}$`).join(', ')}. ` +
        `So the expression is congruent to $${residues.join(op)} = ${combined} \\equiv ${boxed(`${result}`)} \\pmod{${m}}$.`,
      answer: `${result}`,
    };
  }
  if (level === 4) {
    const n = rng.int(20, 150);
    const total = (n * (n + 1)) / 2;
    const r = total % m;
    return {
      problem: `What is the remainder when $1 + 2 + 3 + \\cdots + ${n}$ is divided by ${m}?`,
      solution: `The sum is $\\frac{${n} \\cdot ${n + 1}}{2} = ${total}$, and $${total} = ${m} \\cdot ${Math.floor(total / m)} + ${r}$, so the remainder is $${boxed(`${r}`)}$.`,
      answer: `${r}`,
    };
  }
  // Powers repeat with a short cycle modulo small numbers, which is the intended insight.
  const base = rng.int(2, 9);
  const modulus = rng.pick([5, 7, 9, 10, 11, 13]);
  const exponent = rng.int(20, 200);
  const cycle: number[] = [];
  let value = base % modulus;
  while (!cycle.includes(value)) {
    cycle.push(value);
    value = (value * base) % modulus;
  }
  const start = cycle.indexOf(value);
  const period = cycle.length - start;
  const index = exponent - 1 < start ? exponent - 1 : start + ((exponent - 1 - start) % period);
  const r = cycle[index]!;
  const listed = cycle.map((v, i) => `${base}^${i + 1 > 9 ? `{${i + 1}}` : i + 1} \\equiv ${v}`).join(', ');
  return {
    problem: `What is the remainder when $${base}^{${exponent}}$ is divided by ${modulus}?`,
    solution:
      `Modulo ${modulus} the powers of ${base} are $${listed}$, after which they repeat with period ${period}` +
      `${start === 0 ? '' : ` starting from $${base}^${start + 1}$`}. ` +
      `Following the cycle to exponent ${exponent} gives $${base}^{${exponent}} \\equiv ${boxed(`${r}`)} \\pmod{${modulus}}$.`,
    answer: `${r}`,
  };
}

function divisorCount(rng: Random, level: number): MathDraft {
  const primes = [2, 3, 5, 7, 11, 13];
  const limit = [0, 100, 600, 5000, 100000][level - 1]!;
  let n = 1;
  let factors: Array<[number, number]> = [];
  do {
    const chosen = rng.shuffle(primes.slice(0, level + 1)).slice(0, Math.min(level, 4));
    factors = chosen
      .map((p): [number, number] => [p, rng.int(1, level >= 4 ? 4 : 3)])
      .sort((a, b) => a[0] - b[0]);
    n = factors.reduce((acc, [p, e]) => acc * p ** e, 1);
  } while (n > limit || n < 12);
  if (level === 5) {
    const terms = factors.map(([p, e]) => (p ** (e + 1) - 1) / (p - 1));
    const sum = terms.reduce((a, b) => a * b, 1);
    return {
      problem: `What is the sum of all positive divisors of ${n}?`,
      solution:
        `Since $${n} = ${powersLatex(factors)}$, the sum of its divisors is the product of ` +
        `$1 + p + \\cdots + p^e$ over its prime powers: ` +
        `$${factors.map(([p, e]) => `(${Array.from({ length: e + 1 }, (_, i) => (i === 0 ? '1' : i === 1 ? `${p}` : `${p}^${i}`)).join(' + ')})`).join('')} ` +
        `= ${terms.join(' \\cdot ')} = ${boxed(`${sum}`)}$.`,
      answer: `${sum}`,
    };
  }
  const count = factors.reduce((acc, [, e]) => acc * (e + 1), 1);
  return {
    problem: `How many positive divisors does ${n} have?`,
    solution:
      `The prime factorization is $${n} = ${powersLatex(factors)}$. A divisor picks each exponent independently ` +
      `from 0 up to its exponent in ${n}, so there are $${factors.map(([, e]) => `(${e} + 1)`).join('')} = ${boxed(`${count}`)}$ divisors.`,
    answer: `${count}`,
  };
}

export const numberTheoryProblems: readonly MathKind[] = [
  { subject: 'Number Theory', minLevel: 1, maxLevel: 4, make: greatestCommonDivisor },
  { subject: 'Number Theory', minLevel: 2, maxLevel: 5, make: leastCommonMultiple },
  { subject: 'Number Theory', minLevel: 1, maxLevel: 5, make: remainders },
  { subject: 'Number Theory', minLevel: 2, maxLevel: 5, make: divisorCount },
];
