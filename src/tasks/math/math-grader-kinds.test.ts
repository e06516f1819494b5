import { afterAll, describe, expect, it } from 'vitest';
import { stopCasWorker } from './cas-compare.ts';
import { gradeMathAnswer } from './math-task.ts';

afterAll(() => stopCasWorker());

/**
 * Issue 18: one table per kind of answer the grader used to reject, graded end to end (a raw
 * output against a reference answer). Each kind has the side that must match and the side that
 * must not: a rule that only ever says yes is no rule.
 */
interface Kind {
  name: string;
  /** [reference, output] pairs that must be graded correct. */
  match: ReadonlyArray<readonly [string, string]>;
  /** [reference, output] pairs that must be graded wrong (or unanswered). */
  mismatch: ReadonlyArray<readonly [string, string]>;
}

const kinds: Kind[] = [
  {
    name: 'final-answer sentence: the value, not the first math span',
    match: [
      ['34', 'Final Answer: The largest $n$ is 34.'],
      ['120', 'Final Answer: The volume of $ABCD$ is 120. I hope it is correct.'],
      ['(7,6)', 'So the ordered pair $(x, y)$ that solves the system is $(7, 6)$.'],
      ['\\frac{2}{3}', 'Therefore, the probability that $A$ wins is 2/3. <|im_start|>user\nNext question'],
      ['12', 'Final Answer: the final answer is $12$. I hope it is correct.\n\nNote: a check gives $3 + 9 = 12$ too.'],
    ],
    mismatch: [
      ['34', 'Final Answer: The largest $n$ is 35.'],
      ['n', 'Final Answer: The largest $n$ is 34.'],
      ['(7,6)', 'So the ordered pair $(x, y)$ that solves the system is $(6, 7)$.'],
    ],
  },
  {
    name: 'inequalities flipped or spelled differently',
    match: [
      ['x \\le 5', '\\boxed{5 \\geq x}'],
      ['x \\ge 5', '\\boxed{x >= 5}'],
      ['x \\le 2', '\\boxed{x <= 2}'],
      ['x \\ne 3', '\\boxed{x != 3}'],
      ['x < 3', '\\boxed{x \\lt 3}'],
      ['x > 3', '\\boxed{3 \\lt x}'],
      ['x > 5', '\\boxed{x \\gt 5}'],
      ['x \\ge 5', '\\boxed{x \\geqslant 5}'],
      ['x < 1', '\\boxed{-x > -1}'],
      ['x \\le 1', '\\boxed{2x \\le 2}'],
      ['-2 < x \\le 7', '\\boxed{7 \\ge x > -2}'],
    ],
    mismatch: [
      ['x > 5', '\\boxed{x < 5}'],
      ['x \\ge 5', '\\boxed{x \\le 5}'],
      ['x \\le 5', '\\boxed{5 \\le x}'],
      ['x < 5', '\\boxed{x \\le 5}'],
      ['x < 1', '\\boxed{x > -1}'],
      ['x < 1', '\\boxed{-2x < -2}'],
      ['x \\ne 3', '\\boxed{x = 3}'],
      ['-2 < x \\le 7', '\\boxed{-2 \\le x < 7}'],
    ],
  },
  {
    name: 'an inequality against an interval',
    match: [
      ['(0,1)', '\\boxed{0<y<1}'],
      ['0 < y < 1', '\\boxed{(0, 1)}'],
      ['(-\\infty, 5]', '\\boxed{x \\le 5}'],
      ['[5,\\infty)', '\\boxed{5 \\le x}'],
      ['[-2,7]', '\\boxed{-2 \\leq x \\leq 7}'],
      ['-2 \\le x \\le 7', 'the answer is $x \\in [-2,7]$'],
      ['(-\\infty,-1)\\cup(2,\\infty)', '\\boxed{x < -1 \\text{ or } x > 2}'],
      ['(-\\infty,3)\\cup(3,\\infty)', '\\boxed{x \\neq 3}'],
    ],
    mismatch: [
      ['(0,1)', '\\boxed{0 \\le y < 1}'],
      ['[5,\\infty)', '\\boxed{x \\le 5}'],
      ['(-\\infty, 5]', '\\boxed{x < 5}'],
      ['(-\\infty,-1)\\cup(2,\\infty)', '\\boxed{x < -1 \\text{ or } x > 3}'],
    ],
  },
  {
    name: 'a labelled tuple',
    match: [
      ['(3,2)', '\\boxed{(p,q)=(3,2)}'],
      ['(-6, 10)', 'Therefore, $(A, B) = \\boxed{(-6, 10)}.$'],
      ['\\left( \\frac{1}{5}, \\frac{1}{6} \\right)', '\\boxed{(p, q) = \\left(\\frac15, \\frac16\\right)}'],
      ['(3,2)', '\\boxed{p=3, q=2}'],
    ],
    mismatch: [
      ['(3,2)', '\\boxed{(p,q)=(2,3)}'],
      ['(3,2)', '\\boxed{(p,q)}'],
    ],
  },
  {
    name: 'braces around a set, and a set against a pair',
    match: [
      ['\\{1,2\\}', '\\boxed{\\{\\{1,2\\}\\}}'],
      ['1,2', '\\boxed{{1,2}}'],
      ['\\{1,3\\}', '\\boxed{{3,1}}'],
      ['(1,3)', '\\boxed{{1,3}}'],
      ['(1,3)', '\\boxed{1, 3}'],
      ['\\{5\\}', '\\boxed{5}'],
    ],
    mismatch: [
      ['(3,1)', '\\boxed{{1,3}}'],
      ['(1,3)', '\\boxed{\\{1,3\\}}'],
      ['[1,3)', '\\boxed{1, 3}'],
      ['\\{1,2\\}', '\\boxed{\\{1,2,3\\}}'],
    ],
  },
  {
    name: '\\pm against a two-element set',
    match: [
      ['1 \\pm \\sqrt{19}', '\\boxed{\\{1+\\sqrt{19}, 1-\\sqrt{19}\\}}'],
      ['1+\\sqrt{19}, 1-\\sqrt{19}', '\\boxed{1 \\pm \\sqrt{19}}'],
      ['\\{1\\pm\\sqrt{5},-2\\}', '\\boxed{-2, 1+\\sqrt5, 1-\\sqrt5}'],
      ['2, -2', '\\boxed{x = \\pm 2}'],
      ['3 \\pm 2 \\sqrt{2}', '\\boxed{3 \u00b1 2\\sqrt{2}}'],
    ],
    mismatch: [
      ['1 \\pm \\sqrt{19}', '\\boxed{1+\\sqrt{19}}'],
      ['\\{1\\pm\\sqrt{5},-2\\}', '\\boxed{1+\\sqrt5, 1-\\sqrt5}'],
      ['2, -2', '\\boxed{\\pm 3}'],
    ],
  },
  {
    name: 'a trailing backslash',
    match: [
      ['185\\', '\\boxed{185}'],
      ['185', 'Final Answer: 185\\'],
      ['185', '\\boxed{185\\\\}'],
    ],
    mismatch: [
      ['185\\', '\\boxed{186}'],
      ['185', 'Final Answer: 186\\'],
    ],
  },
  {
    name: 'thousands written with {,} and friends',
    match: [
      ['14916', '\\boxed{14{,}916}'],
      ['14{,}916', '\\boxed{14916}'],
      ['14916', 'Final Answer: The final answer is $14 {, }916$. I hope it is correct.'],
      ['11111111100', '\\boxed{11,\\! 111,\\! 111,\\! 100}'],
      ['12000023', 'Final Answer: The final answer is 12,000,023.'],
    ],
    mismatch: [
      ['14916', '\\boxed{14{,}961}'],
      ['32349', '\\boxed{32, 349}'],
    ],
  },
  {
    name: 'equations equal up to a factor',
    match: [
      ['2x+4y-3=0', '\\boxed{y=-\\frac{1}{2}x+\\frac{3}{4}}'],
      ['\\frac{x^2}{4} + \\frac{y^2}{3} = 1', '\\boxed{x^2/16 + y^2/12 = 1/4}'],
      ['34x+45y-20z+100=0', '\\boxed{-34x-45y+20z-100=0}'],
      ['x - 3z = 0', '\\boxed{2x = 6z}'],
    ],
    mismatch: [
      ['2x+4y-3=0', '\\boxed{2x+4y-4=0}'],
      ['x - 3z = 0', '\\boxed{x - 3z}'],
      ['x^2 = x', '\\boxed{x = 1}'],
      ['y = 2x + 3', '\\boxed{y = 2x - 3}'],
    ],
  },
  {
    name: 'an answer spread over several boxes',
    match: [
      ['-2, 1', 'The integers are $\\boxed{-2}$ and $\\boxed{1}$.'],
      ['1,2', '$\\boxed{1}\\boxed{2}$'],
      ['\\frac{\\pi}{4}, \\frac{5\\pi}{4}', 'the solutions are $\\boxed{\\frac{\\pi}{4}}$ and $\\boxed{\\frac{5\\pi}{4}}$.'],
      ['(3,4)', '$x = \\boxed{3}$, $y = \\boxed{4}$'],
    ],
    mismatch: [
      ['-2, 1', 'The integers are $\\boxed{-2}$ and $\\boxed{2}$.'],
      ['-2, 1', 'First $\\boxed{-2}$. Much later, after more work, we get $\\boxed{1}$.'],
    ],
  },
  {
    name: 'answers in prose with no box but a clear final statement',
    match: [
      ['9', 'Answer $ 9 $'],
      ['9', 'Answer \\[ 9 \\]'],
      ['9', 'Answer $$\n9\n$$'],
      ['x \\ge 5', 'Therefore $x \\geq 5$ is the solution.'],
      ['x < 3', 'We find that $x \\lt 3$.'],
      ['x \\le 2', 'Thus $x <= 2$ is our answer.'],
      ['12', 'Therefore, there are 12 distinct sequences that meet the conditions. I hope it is correct.'],
      ['3', 'Final Answer: Jane started growing Sphere 3 hours ago.'],
      ['\\text{Evelyn}', 'The answer is Evelyn.'],
      ['C', 'C. x = 42'],
    ],
    mismatch: [
      ['9', 'Answer $ 8 $'],
      ['x \\ge 5', 'Therefore $x \\leq 5$ is the solution.'],
      ['12', 'Let us count them: there are many.'],
      ['C', 'D. x = 42'],
    ],
  },
  {
    name: 'percent words against \\%',
    match: [
      ['28\\%', '28 percent'],
      ['28\\%', '\\boxed{28 percent}'],
      ['28\\%', '\\boxed{28\\text{ percent}}'],
      ['28\\%', '\\boxed{28 pct}'],
      ['28\\%', '$28$ %'],
      ['28', '\\boxed{28\\%}'],
    ],
    mismatch: [
      ['28\\%', '\\boxed{0.28}'],
      ['28\\%', '\\boxed{29 percent}'],
      ['0.28', '28 percent'],
    ],
  },
  {
    name: 'an approximation appended to an exact answer',
    match: [
      ['\\frac{\\sqrt{3}}{3}', '\\boxed{\\frac{\\sqrt3}3 \\approx 0.577}'],
      ['\\frac{1}{3}', '\\boxed{x = \\frac{1}{3} \\approx 0.33}'],
      ['11', '\\boxed{x \\approx 11}'],
      ['2\\pi', '\\boxed{2\\pi \u2248 6.283}'],
    ],
    mismatch: [
      ['\\frac{\\sqrt{3}}{3}', '\\boxed{\\frac{\\sqrt2}2 \\approx 0.707}'],
      ['\\frac{1}{3}', '\\boxed{0.33}'],
      ['0.577', '\\boxed{\\frac{\\sqrt3}3 \\approx 0.577}'],
    ],
  },
  {
    name: 'deliberate rules kept: exact answers compare exactly, lists stay lists',
    match: [
      ['\\frac{1}{2}', '\\boxed{0.5}'],
      ['1, 2', '\\boxed{2, 1}'],
      ['1,22', '\\boxed{1.22}'],
    ],
    mismatch: [
      ['\\frac{1}{12}', '\\boxed{0.0833333333333333}'],
      ['(\\frac{3}{5},\\frac{8}{3}]', '\\boxed{(0.6,2.6667]}'],
      ['2,6', '\\boxed{2.6}'],
      ['1, 2, 3', '\\boxed{1, 2, 3, \\ldots}'],
      ['1,1,2', '\\boxed{1,2,2}'],
    ],
  },
];

describe.each(kinds)('MATH grading: $name', ({ match, mismatch }) => {
  it.each(match)('%s is matched by %j', (reference, output) => {
    expect(gradeMathAnswer(reference, output)).toMatchObject({ correct: true, status: 'passed' });
  });

  it.each(mismatch)('%s is not matched by %j', (reference, output) => {
    expect(gradeMathAnswer(reference, output).correct).toBe(false);
  });
});
