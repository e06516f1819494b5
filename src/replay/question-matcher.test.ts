import { describe, expect, it } from 'vitest';
import { normaliseQuestion, QuestionMatcher } from './question-matcher.ts';

const questions = new Map([
  ['0', 'Janet has 3 cats.  How many?'],
  ['1', 'Janet has 3 cats. How many legs do they have?'],
  ['7', 'A train leaves at noon. When does it arrive?'],
]);

describe('question matching', () => {
  it('takes the trailing number of the query id as the official index when that question is in the prompt', () => {
    const matcher = new QuestionMatcher('gsm8k', questions);
    expect(matcher.match('gsm8k-test-7', 'Solve:\nA train leaves at noon.  When does it arrive?\n\nAnswer concisely.')).toBe('7');
    expect(matcher.match('test-0', 'janet has 3 cats. how many?')).toBe('0');
  });

  it('falls back to the normalised question text when the id is not the index, preferring the longest match', () => {
    const matcher = new QuestionMatcher('gsm8k', questions);
    // Id 0 names another question than the prompt asks: the text decides.
    expect(matcher.match('q-0', 'JANET has 3 cats. How many legs do they have?\nThink step by step.')).toBe('1');
    expect(matcher.match('split-b', 'A train leaves at noon.\nWhen does it arrive?')).toBe('7');
    expect(matcher.match('other', 'Something no one recorded')).toBeNull();
  });

  it('remembers a query once matched, and matches HumanEval by task id in either spelling', () => {
    const matcher = new QuestionMatcher('gsm8k', questions);
    expect(matcher.match('x', 'A train leaves at noon. When does it arrive?')).toBe('7');
    expect(matcher.match('x', 'a different prompt for the same query')).toBe('7');
    const code = new QuestionMatcher('humaneval', new Map());
    expect(code.match('HumanEval_84', '')).toBe('HumanEval/84');
    expect(code.match('HumanEval/3', '')).toBe('HumanEval/3');
    expect(code.match('mine-3', '')).toBeNull();
  });

  it('normalises case, whitespace and typographic quotes', () => {
    expect(normaliseQuestion('Janet\u2019s  ducks\n lay “16” eggs')).toBe('janet\'s ducks lay "16" eggs');
  });
});
