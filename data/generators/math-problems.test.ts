import { describe, expect, it } from 'vitest';
import { Random } from '../../src/util/random.ts';
import { fracLatex, fraction, gcd, termsLatex } from './math/math-kit.ts';
import {
  generateMathProblem,
  generateMathProblems,
  lastBoxed,
  mathSubjects,
  maxLevel,
  minLevel,
  subjectSlug,
  type MathRow,
} from './math-problems.ts';

function everyCell(seedBase: number, perCell: number): MathRow[] {
  const rows: MathRow[] = [];
  for (const subject of mathSubjects) {
    for (let level = minLevel; level <= maxLevel; level++) {
      rows.push(...generateMathProblems({ seed: seedBase + level, count: perCell, idPrefix: 'check', subject, level }));
    }
  }
  return rows;
}

/** Recomputes answers from the problem text for the kinds whose wording is easy to parse. */
const independentChecks: Array<{ name: string; pattern: RegExp; expected: (m: RegExpExecArray) => string }> = [
  {
    name: 'gcd',
    pattern: /^What is the greatest common divisor of ([\d, and]+)\?$/,
    expected: (m) => `${m[1]!.match(/\d+/g)!.map(Number).reduce(gcd)}`,
  },
  {
    name: 'lcm',
    pattern: /^Find the least common multiple of ([\d, and]+)\.$/,
    expected: (m) => `${m[1]!.match(/\d+/g)!.map(Number).reduce((a, b) => (a / gcd(a, b)) * b)}`,
  },
  {
    name: 'remainder',
    pattern: /^What is the remainder when (\d+) is divided by (\d+)\?$/,
    expected: (m) => `${Number(m[1]) % Number(m[2])}`,
  },
  {
    name: 'power remainder',
    pattern: /^What is the remainder when \$(\d+)\^\{(\d+)\}\$ is divided by (\d+)\?$/,
    expected: (m) => `${(BigInt(m[1]!) ** BigInt(m[2]!)) % BigInt(m[3]!)}`,
  },
  {
    name: 'divisor count',
    pattern: /^How many positive divisors does (\d+) have\?$/,
    expected: (m) => {
      const n = Number(m[1]);
      let count = 0;
      for (let d = 1; d <= n; d++) if (n % d === 0) count++;
      return `${count}`;
    },
  },
  {
    name: 'divisor sum',
    pattern: /^What is the sum of all positive divisors of (\d+)\?$/,
    expected: (m) => {
      const n = Number(m[1]);
      let sum = 0;
      for (let d = 1; d <= n; d++) if (n % d === 0) sum += d;
      return `${sum}`;
    },
  },
  {
    name: 'linear equation',
    pattern: /^Solve for \$x\$: \$(\d+)x \+ (\d+) = (\d+)\$\.$/,
    expected: (m) => `${(Number(m[3]) - Number(m[2])) / Number(m[1])}`,
  },
  {
    name: 'handshakes',
    pattern: /^At a meeting, each of (\d+) people/,
    expected: (m) => `${(Number(m[1]) * (Number(m[1]) - 1)) / 2}`,
  },
  {
    name: 'dice sum',
    pattern: /^Two fair six-sided dice are rolled\. What is the probability that the sum of the numbers rolled is (\d+)\?/,
    expected: (m) => {
      let hits = 0;
      for (let a = 1; a <= 6; a++) for (let b = 1; b <= 6; b++) if (a + b === Number(m[1])) hits++;
      return fracLatex(fraction(hits, 36));
    },
  },
  {
    name: 'percent of',
    pattern: /^What is \$(\d+)\\%\$ of (\d+)\?$/,
    expected: (m) => `${(Number(m[1]) * Number(m[2])) / 100}`,
  },
];

describe('generateMathProblems', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateMathProblems({ seed: 5, count: 40, idPrefix: 'x' });
    const b = generateMathProblems({ seed: 5, count: 40, idPrefix: 'x' });
    const c = generateMathProblems({ seed: 6, count: 40, idPrefix: 'x' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('produces rows in the PRM800K schema with answer = last \\boxed{} and a level in 1..5', () => {
    for (const row of everyCell(100, 12)) {
      expect(Object.keys(row)).toEqual(['problem', 'solution', 'answer', 'subject', 'level', 'unique_id']);
      expect(row.answer).toBe(lastBoxed(row.solution));
      expect(row.answer).toMatch(/^-?(\d+|\\frac\{\d+\}\{\d+\})$/);
      expect(row.level).toBeGreaterThanOrEqual(1);
      expect(row.level).toBeLessThanOrEqual(5);
      expect(mathSubjects).toContain(row.subject);
      expect(row.unique_id).toMatch(new RegExp(`^check/${subjectSlug(row.subject)}/\\d+\\.json$`));
      expect(`${row.problem} ${row.solution}`).not.toMatch(/undefined|NaN|null|Infinity/);
      // Dollar signs delimit math, so an odd count means a broken formula (escaped \$ excluded).
      expect(row.solution.replace(/\\\$/g, '').split('$').length % 2, row.solution).toBe(1);
      expect(row.problem.replace(/\\\$/g, '').split('$').length % 2, row.problem).toBe(1);
    }
  });

  it('writes fractional answers in lowest terms', () => {
    for (const row of everyCell(200, 10)) {
      const frac = /^-?\\frac\{(\d+)\}\{(\d+)\}$/.exec(row.answer);
      if (!frac) continue;
      expect(gcd(Number(frac[1]), Number(frac[2]))).toBe(1);
      expect(Number(frac[2])).toBeGreaterThan(1);
    }
  });

  it('gets the answers right where they can be recomputed from the problem text', () => {
    const rows = everyCell(300, 25);
    const checked = new Map<string, number>();
    for (const row of rows) {
      for (const check of independentChecks) {
        const match = check.pattern.exec(row.problem);
        if (!match) continue;
        expect(row.answer, row.problem).toBe(check.expected(match));
        checked.set(check.name, (checked.get(check.name) ?? 0) + 1);
      }
    }
    for (const check of independentChecks) expect(checked.get(check.name) ?? 0, check.name).toBeGreaterThan(3);
  });

  it('solves its linear systems', () => {
    let seen = 0;
    for (const row of everyCell(400, 20)) {
      const m = /^If \$(.+) = (-?\d+)\$ and \$(.+) = (-?\d+)\$, what is the value of \$(.+)\$\?$/.exec(row.problem);
      if (!m) continue;
      const coefficients = (side: string): [number, number] => {
        const x = /(-?\d*)x/.exec(side.replace(/ /g, ''))![1]!;
        const y = /([+-]?\d*)y/.exec(side.replace(/ /g, ''))![1]!;
        const parse = (c: string): number => (c === '' || c === '+' ? 1 : c === '-' ? -1 : Number(c));
        return [parse(x), parse(y)];
      };
      const [a, b] = coefficients(m[1]!);
      const [c, d] = coefficients(m[3]!);
      const e = Number(m[2]);
      const f = Number(m[4]);
      const det = a * d - b * c;
      const x = (e * d - b * f) / det;
      const y = (a * f - e * c) / det;
      const target: Record<string, number> = { x, 'x + y': x + y, xy: x * y, '2x - 3y': 2 * x - 3 * y };
      expect(Number(row.answer), row.problem).toBe(target[m[5]!]);
      seen++;
    }
    expect(seen).toBeGreaterThan(20);
  });

  it('never repeats a problem within a call and steers clear of the avoid set', () => {
    // Level 1 handshakes have only a dozen variants, so 40 rows force redraws.
    const first = generateMathProblems({ seed: 8, count: 12, idPrefix: 'a', subject: 'Counting & Probability', level: 1 });
    expect(new Set(first.map((row) => row.problem)).size).toBe(first.length);
    const second = generateMathProblems({
      seed: 9,
      count: 12,
      idPrefix: 'b',
      subject: 'Counting & Probability',
      level: 1,
      avoid: new Set(first.map((row) => row.problem)),
    });
    expect(second.filter((row) => first.some((other) => other.problem === row.problem))).toHaveLength(0);
  });

  it('rejects a level outside 1..5', () => {
    expect(() => generateMathProblem(Random.fromSeed(1), { subject: 'Algebra', level: 0 })).toThrow(RangeError);
    expect(() => generateMathProblem(Random.fromSeed(1), { subject: 'Algebra', level: 6 })).toThrow(RangeError);
  });
});

describe('math helpers', () => {
  it('finds the last \\boxed{} with nested braces', () => {
    expect(lastBoxed('so $\\boxed{2}$ then $\\boxed{\\frac{3}{8}}$.')).toBe('\\frac{3}{8}');
    expect(lastBoxed('no box here')).toBeNull();
  });

  it('formats fractions and signed terms the way MATH answers are written', () => {
    expect(fracLatex(fraction(6, 16))).toBe('\\frac{3}{8}');
    expect(fracLatex(fraction(-4, 1))).toBe('-4');
    expect(fracLatex(fraction(3, -9))).toBe('-\\frac{1}{3}');
    expect(termsLatex([[1, 'x'], [-1, 'y'], [-4, '']])).toBe('x - y - 4');
    expect(termsLatex([[-3, 'x^2'], [0, 'x'], [7, '']])).toBe('-3x^2 + 7');
  });

  it('names subjects like the MATH directories', () => {
    expect(subjectSlug('Counting & Probability')).toBe('counting_and_probability');
    expect(subjectSlug('Number Theory')).toBe('number_theory');
  });
});
