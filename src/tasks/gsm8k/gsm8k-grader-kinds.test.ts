import { afterAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.ts';
import { stopCasWorker } from '../math/cas-compare.ts';
import { gsm8kTask } from './gsm8k-task.ts';

afterAll(() => stopCasWorker());

const options = { sandbox: {} as Sandbox };
const grade = async (answer: string, output: string): Promise<boolean> =>
  (await gsm8kTask.grade({ id: 'q', index: 0, question: 'q', answer, difficulty: 1 }, output, options)).correct;

/**
 * Issue 18: one table per kind of GSM8K answer the grader used to misread, graded end to end,
 * with the side that must match and the side that must not.
 */
interface Kind {
  name: string;
  match: ReadonlyArray<readonly [string, string]>;
  mismatch: ReadonlyArray<readonly [string, string]>;
}

const kinds: Kind[] = [
  {
    name: 'a stated equation: the value is where it ends',
    match: [
      ['60', 'ANSWER: 28 + 32 = 60'],
      ['60', '**ANSWER: 28 + 32 = 60**\nThis solves the problem.'],
      ['60', 'Final answer: 28 + 32 = 60 apples'],
      ['60', 'The answer is 28 + 32'],
      ['60', '28 + 32 = 60\nThis solves the problem.'],
      ['18', 'The answer is $9 \\times 2 = 18$.'],
    ],
    mismatch: [
      ['28', 'ANSWER: 28 + 32 = 60'],
      ['32', 'The answer is 28 + 32 = 60'],
      ['60', 'ANSWER: 28 + 32 = 61'],
    ],
  },
  {
    name: 'the Unicode minus sign',
    match: [
      ['-5', 'The answer is \u22125'],
      ['-12', 'So the balance is \u221212 dollars.\n#### \u221212'],
      ['-3.5', '\\boxed{\u22123.5}'],
    ],
    mismatch: [
      ['5', 'The answer is \u22125'],
      ['-5', 'The answer is 5'],
    ],
  },
  {
    name: 'vulgar fractions',
    match: [
      ['0.5', 'the result is \u00bd'],
      ['2.5', 'The answer is 2\u00bd'],
      ['2.5', 'The answer is 2 \u00bd cups'],
      ['-0.5', 'got -\u00bd as the result'],
      ['0.75', 'The answer is \u00be'],
    ],
    mismatch: [
      ['2', 'The answer is 2\u00bd'],
      ['0.5', 'The answer is 1\u00bd'],
    ],
  },
  {
    name: 'full-width digits and CJK numerals',
    match: [
      ['123', 'the answer is \uff11\uff12\uff13'],
      ['45.5', 'The answer is \uff14\uff15\uff0e\uff15'],
      ['3', 'result: \u4e09'],
    ],
    mismatch: [
      ['12', 'the answer is \uff11\uff12\uff13'],
      ['1', 'the answer is \uff11\uff12\uff13'],
    ],
  },
  {
    name: 'values written as expressions',
    match: [
      ['4', 'The answer is $\\sqrt{16}$.'],
      ['1000', 'The answer is $10^3$.'],
      ['1000', 'The answer is $1 \\times 10^3$.'],
      ['1000', 'So the total is $10^3$.'],
      ['0.5', 'The answer is $\\frac{1}{2}$'],
      ['2', '$\\sqrt{4} = 2$'],
      ['8', 'The answer is 8'],
    ],
    mismatch: [
      ['16', 'The answer is $\\sqrt{16}$.'],
      ['3', 'The answer is $10^3$.'],
      ['10', 'The answer is $1 \\times 10^3$.'],
    ],
  },
  {
    name: 'decimal commas and spaced thousands',
    match: [
      ['1000', 'The answer is 1 000.'],
      ['1000000', 'The answer is 1 000 000'],
      ['1000', 'The answer is 1\u202f000'],
      ['1000.99', 'The answer is 1000,99'],
      ['2.74', 'The answer is 2,74.'],
      ['0.111', 'The answer is 0,111'],
      ['1234.56', 'The answer is 1.234,56'],
      ['1000', 'The answer is 1,000'],
      ['1234', '#### 1,234'],
    ],
    mismatch: [
      ['1', 'The answer is 1,000'],
      ['1.234', 'The answer is 1,234'],
      ['1', 'The answer is 1 000'],
      ['0', 'The answer is 1 000'],
      ['1000', 'The answer is 1000,99'],
      ['99', 'The answer is 1000,99'],
    ],
  },
  {
    name: 'a number glued to letters is not that number',
    match: [
      ['42', 'The answer is 42!'],
      ['42', 'The answer is (42).'],
      ['42', 'The answer is 42 kg'],
      ['42', 'The answer is 42kg'],
      ['60', 'The rate is 60%.'],
    ],
    mismatch: [
      ['42', 'The answer is 42abc'],
      ['42', '42abc'],
      ['5', 'The answer is 25'],
      ['10', 'the value is 110'],
      ['3.14', 'pi is approximately 33.14'],
    ],
  },
];

describe.each(kinds)('GSM8K grading: $name', ({ match, mismatch }) => {
  it.each(match)('%s is matched by %j', async (answer, output) => {
    expect(await grade(answer, output)).toBe(true);
  });

  it.each(mismatch)('%s is not matched by %j', async (answer, output) => {
    expect(await grade(answer, output)).toBe(false);
  });
});

describe('GSM8K references written by hand', () => {
  it.each([
    ['60%', '28 + 32 = 60%'],
    ['1e3', 'the value is 1000'],
    ['2^3', 'The answer is 8'],
    ['5/6', 'The answer is $\\frac{5}{6}$'],
    ['12/3', '4'],
  ])('%s is read as a number', async (answer, output) => {
    expect(await grade(answer, output)).toBe(true);
  });
});
