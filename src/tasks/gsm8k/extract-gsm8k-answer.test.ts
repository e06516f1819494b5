import { afterAll, describe, expect, it } from 'vitest';
import { stopCasWorker } from '../math/cas-compare.ts';
import { extractGsm8kAnswer } from './extract-gsm8k-answer.ts';

afterAll(() => stopCasWorker());

describe('extractGsm8kAnswer', () => {
  it.each([
    ['The total is 5 + 3 = 8 apples.', '8'],
    ['Step 1: 16 - 3 - 4 = 9\nShe makes 9 * 2 = $18.\n#### 18', '18'],
    ['#### 1,234', '1234'],
    ['So she paid $1,234.50 in total.', '1234.5'],
    ['The answer is 18.00.', '18'],
    ['The answer is -3, since 2 - 5 = -3.', '-3'],
    ['He lost 7 pounds, so the final answer is 42 kg. Checking: 40 + 2 = 42', '42'],
    ['The answer is 25 even though earlier we had 30 and 12.', '25'],
    ['Thus \\boxed{1{,}000} cookies were sold, out of 2000.', '1000'],
    ['The rate is 50%.', '50'],
    ['It costs .5 dollars', '0.5'],
    ['10-3 leaves 7', '7'],
    ['Answer: 12 pens (3 boxes of 4)', '12'],
    ['I cannot determine this.', null],
  ])('%j -> %s', (output, expected) => {
    expect(extractGsm8kAnswer(output)).toBe(expected);
  });

  it('prefers the #### marker over a later number', () => {
    expect(extractGsm8kAnswer('#### 72\nNote: 48 in April and 24 in May')).toBe('72');
  });

  it.each([
    ['a marked equation ends where the chain ends', 'ANSWER: 28 + 32 = 60', '60'],
    ['a marked formula is evaluated', 'The answer is $1 \\times 10^3$', '1000'],
    ['a heading line, then the value', '**Final Answer**\n\n42', '42'],
    ['the last marker with a value wins', 'The answer is 5.\nWait, the answer is 7.', '7'],
    ['a marker without a value is skipped', 'The answer is 12.\nThat answer is correct.', '12'],
    ['a marked statement after the last box wins', '\\boxed{255} so far.\nFinal Answer: The final answer is $10,455$.', '10455'],
    ['a box after the marker wins', 'The final answer is $\\boxed{18}$.', '18'],
    ['with no marker, the end of the last formula', 'So she has $16 - 3 - 4 = 9$ eggs left', '9'],
    ['with no marker, a trailing sum is not evaluated', 'We add 28 + 32', '32'],
    ['a range after a marker gives its first number', 'The answer is 5-10 minutes', '5'],
    ['a hallucinated next turn is ignored', 'The answer is 4. <|im_start|>user\nWhat is 5+5? The answer is 10.', '4'],
    ['no number anywhere', 'The answer is unknowable.', null],
    ['"answers" before a number in prose is no marker', 'The answer is 5. She answers 3 questions a day.', '5'],
    ['"answer" ending a line of prose is no heading', 'The answer is 8.\nLet me verify the answer\nStep 2 adds 3 to 5.', '8'],
  ])('%s', (_, output, expected) => {
    expect(extractGsm8kAnswer(output)).toBe(expected);
  });
});
