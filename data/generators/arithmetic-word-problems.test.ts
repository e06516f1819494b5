import { describe, expect, it } from 'vitest';
import { Random } from '../../src/util/random.ts';
import {
  generateArithmeticWordProblem,
  generateArithmeticWordProblems,
  maxSteps,
  minSteps,
  type GsmRow,
} from './arithmetic-word-problems.ts';

/**
 * A tiny recursive-descent evaluator for + - * / and parentheses, so annotations are checked
 * without eval. Division must be exact at every step, as the generator promises.
 */
function evaluate(expr: string): number {
  const tokens = expr.match(/\d+|[-+*/()]/g) ?? [];
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new Error(`unexpected characters in ${expr}`);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const take = (): string => {
    const token = tokens[pos++];
    if (token === undefined) throw new Error(`unexpected end of ${expr}`);
    return token;
  };
  const primary = (): number => {
    const token = take();
    if (token === '(') {
      const value = sum();
      if (take() !== ')') throw new Error(`missing ) in ${expr}`);
      return value;
    }
    if (token === '-') return -primary();
    if (!/^\d+$/.test(token)) throw new Error(`expected a number in ${expr}, got ${token}`);
    return Number(token);
  };
  const product = (): number => {
    let value = primary();
    while (peek() === '*' || peek() === '/') {
      const op = take();
      const rhs = primary();
      if (op === '*') value *= rhs;
      else {
        if (value % rhs !== 0) throw new Error(`inexact division in ${expr}`);
        value /= rhs;
      }
    }
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') {
      const op = take();
      const rhs = product();
      value = op === '+' ? value + rhs : value - rhs;
    }
    return value;
  };
  const result = sum();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${expr}`);
  return result;
}

interface ParsedAnswer {
  annotations: Array<{ expr: string; value: number }>;
  final: number;
}

function parseAnswer(answer: string): ParsedAnswer {
  const lines = answer.split('\n');
  const last = lines.pop()!;
  const final = /^#### (-?\d+)$/.exec(last);
  if (!final) throw new Error(`last line is not "#### N": ${last}`);
  const annotations = lines.map((line) => {
    const found = [...line.matchAll(/<<([^=<>]+)=([^<>]+)>>(-?\d+)/g)];
    if (found.length !== 1) throw new Error(`expected one annotation per line: ${line}`);
    const [, expr, value, shown] = found[0]!;
    if (value !== shown) throw new Error(`annotation result ${value} differs from the text ${shown}: ${line}`);
    return { expr: expr!, value: Number(value) };
  });
  return { annotations, final: Number(final[1]) };
}

/** Numbers a question may imply in words: half, twice, a third, a quarter, a fifth, percent, minutes per hour. */
const impliedConstants = new Set([2, 3, 4, 5, 60, 100]);

function checkRow(row: GsmRow, steps: number): void {
  const { annotations, final } = parseAnswer(row.answer);
  expect(annotations).toHaveLength(steps);
  const known = new Set((row.question.match(/\d+/g) ?? []).map(Number));
  for (const { expr, value } of annotations) {
    expect(evaluate(expr), expr).toBe(value);
    expect(Number.isInteger(value) && value > 0, `${expr}=${value}`).toBe(true);
    for (const operand of (expr.match(/\d+/g) ?? []).map(Number)) {
      // Every operand must come from the question or an earlier line, or the chain is not grounded.
      expect(known.has(operand) || impliedConstants.has(operand), `operand ${operand} of ${expr} in: ${row.question}`).toBe(true);
    }
    known.add(value);
  }
  expect(final).toBe(annotations[annotations.length - 1]!.value);
}

describe('generateArithmeticWordProblems', () => {
  it('is deterministic per seed', () => {
    const a = generateArithmeticWordProblems({ seed: 42, count: 30, steps: (i) => 1 + (i % 8) });
    const b = generateArithmeticWordProblems({ seed: 42, count: 30, steps: (i) => 1 + (i % 8) });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('differs across seeds', () => {
    const a = generateArithmeticWordProblems({ seed: 1, count: 20, steps: 4 });
    const b = generateArithmeticWordProblems({ seed: 2, count: 20, steps: 4 });
    const shared = a.filter((row) => b.some((other) => other.question === row.question));
    expect(shared).toHaveLength(0);
  });

  it('keeps earlier rows when count grows', () => {
    const short = generateArithmeticWordProblems({ seed: 9, count: 5, steps: 3 });
    const long = generateArithmeticWordProblems({ seed: 9, count: 12, steps: 3 });
    expect(long.slice(0, 5)).toEqual(short);
  });

  it('has exactly the requested steps, each annotation correct and grounded, ending in the last result', () => {
    for (let steps = minSteps; steps <= maxSteps; steps++) {
      const rows = generateArithmeticWordProblems({ seed: 1000 + steps, count: 150, steps });
      for (const row of rows) checkRow(row, steps);
    }
  });

  it('writes readable questions', () => {
    const rows = generateArithmeticWordProblems({ seed: 77, count: 200, steps: (i) => 1 + (i % 8) });
    for (const row of rows) {
      expect(row.question).toMatch(/^[A-Z0-9].*\?$/);
      expect(row.question).not.toMatch(/undefined|NaN|null|\{=\}|  /);
      expect(row.answer).not.toMatch(/undefined|NaN|null|\{=\}/);
      expect(Object.keys(row)).toEqual(['question', 'answer']);
    }
    // The templates should not collapse into a handful of stories.
    const openings = new Set(rows.map((row) => row.question.replace(/\d+/g, 'N').split(' ').slice(1, 3).join(' ')));
    expect(openings.size).toBeGreaterThanOrEqual(12);
    expect(new Set(rows.map((row) => row.question)).size).toBe(rows.length);
  });

  it('steers clear of the avoid set', () => {
    const first = generateArithmeticWordProblems({ seed: 3, count: 60, steps: 1 });
    const avoid = new Set(first.map((row) => row.question));
    const second = generateArithmeticWordProblems({ seed: 3, count: 60, steps: 1, avoid });
    expect(second.filter((row) => avoid.has(row.question))).toHaveLength(0);
    expect(new Set(second.map((row) => row.question)).size).toBe(second.length);
  });

  it('rejects a step count outside 1..8', () => {
    expect(() => generateArithmeticWordProblem(Random.fromSeed(1), 0)).toThrow(RangeError);
    expect(() => generateArithmeticWordProblem(Random.fromSeed(1), 9)).toThrow(RangeError);
    expect(() => generateArithmeticWordProblem(Random.fromSeed(1), 2.5)).toThrow(RangeError);
  });
});

describe('the test evaluator itself', () => {
  it('follows precedence and rejects what it cannot check', () => {
    expect(evaluate('2+3*4')).toBe(14);
    expect(evaluate('100-50-30-15')).toBe(5);
    expect(evaluate('80*25/100')).toBe(20);
    expect(evaluate('(2+3)*4')).toBe(20);
    expect(() => evaluate('7/2')).toThrow(/inexact/);
    expect(() => evaluate('process.exit()')).toThrow();
  });
});
