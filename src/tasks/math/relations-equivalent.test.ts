import { afterAll, describe, expect, it } from 'vitest';
import { stopCasWorker } from './cas-compare.ts';
import { normalizeMathAnswer } from './normalize-math-answer.ts';
import { type AnswerStructure, parseAnswerStructure } from './parse-answer-structure.ts';
import { relationAsIntervals, relationsEquivalent } from './relations-equivalent.ts';
import { scalarAnswersEquivalent } from './scalar-answers-equivalent.ts';

afterAll(() => stopCasWorker());

const relation = (text: string): AnswerStructure & { kind: 'relation' } => {
  const parsed = parseAnswerStructure(normalizeMathAnswer(text));
  if (parsed.kind !== 'relation') throw new Error(`${text} is not a relation`);
  return parsed;
};
const same = (a: string, b: string): boolean => scalarAnswersEquivalent(normalizeMathAnswer(a), normalizeMathAnswer(b));

describe('relationsEquivalent', () => {
  it.each([
    ['x \\le 5', '5 \\ge x'],
    ['x < 3', '3 > x'],
    ['a < x \\le b', 'b \\ge x > a'],
    ['x < 1', '-x > -1'],
    ['x \\le 1', '3x \\le 3'],
    ['x + y < 2', 'y < 2 - x'],
    ['x \\ne 3', '3 \\ne x'],
    ['x \\ne 3', '2x \\ne 6'],
  ])('%s ≡ %s', (a, b) => {
    expect(relationsEquivalent(relation(a), relation(b), same)).toBe(true);
    expect(relationsEquivalent(relation(b), relation(a), same)).toBe(true);
  });

  it.each([
    ['x > 5', 'x < 5'],
    ['x \\ge 5', 'x \\le 5'],
    ['x < 5', 'x \\le 5'],
    ['x < 1', 'x > -1'],
    ['x < 1', '-x < -1'],
    ['x < 1', '-2x < -2'],
    ['0 < x < 1', '0 < x \\le 1'],
    ['x < 1', 'y < 1'],
    ['x \\ne 3', 'x < 3'],
  ])('%s ≢ %s', (a, b) => {
    expect(relationsEquivalent(relation(a), relation(b), same)).toBe(false);
    expect(relationsEquivalent(relation(b), relation(a), same)).toBe(false);
  });
});

describe('relationAsIntervals', () => {
  it.each([
    ['0 < y < 1', '(0,1)'],
    ['0 \\le y < 1', '[0,1)'],
    ['7 \\ge x > -2', '(-2,7]'],
    ['x < 5', '(-\\infty,5)'],
    ['x \\le 5', '(-\\infty,5]'],
    ['5 \\le x', '[5,\\infty)'],
    ['x > 5', '(5,\\infty)'],
    ['x \\ne 3', '(-\\infty,3)\\cup(3,\\infty)'],
    ['x < a', '(-\\infty,a)'],
  ])('%s → %s', (text, expected) => {
    expect(relationAsIntervals(relation(text))).toBe(expected);
  });

  it.each(['f(2) < f(1) < f(4)', 'x + 1 < 5', 'x < x^2'])('%s describes no interval of its own', (text) => {
    expect(relationAsIntervals(relation(text))).toBeNull();
  });
});
