import { describe, expect, it } from 'vitest';
import { extractGsm8kAnswer } from './extract-gsm8k-answer.ts';

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
});
