import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.ts';
import type { MathProblem } from '../task.ts';
import { mathTask } from './math-task.ts';

const options = { sandbox: {} as Sandbox };
const problem: MathProblem = { id: 'p', index: 0, question: 'q', difficulty: 2, answer: '\\frac{1}{2}', subject: 'Algebra', level: 2 };

describe('mathTask.grade', () => {
  it.each([
    ['boxed equivalent form', 'Thus $\\boxed{0.5}$.', { correct: true, status: 'passed', extracted: '0.5' }],
    ['last box counts', '$\\boxed{0.5}$? No: $\\boxed{\\frac{1}{3}}$', { correct: false, status: 'failed', extracted: '\\frac{1}{3}' }],
    ['phrase fallback', 'So the final answer is $1/2$.', { correct: true, status: 'passed', extracted: '1/2' }],
    ['no answer', 'I cannot solve this.', { correct: false, status: 'no_answer', extracted: null }],
    ['truncated box', 'So $\\boxed{\\frac{1}{', { correct: false, status: 'no_answer', extracted: null }],
    ['garbage in the box', '\\boxed{\\frac{}{}^}', { correct: false, status: 'failed', extracted: '\\frac{}{}^' }],
    ['empty box', '\\boxed{ }', { correct: false, status: 'no_answer', extracted: null }],
  ])('%s', async (_, output, expected) => {
    const grade = await mathTask.grade(problem, output, options);
    expect(grade).toEqual(expected);
  });

  it.each([
    ['a box', 'Thus $x=\\boxed{\\frac{1}{2}}$ works.'],
    ['a final-answer statement', 'Work...\nFinal Answer: The final answer is $\\frac12$. I hope it is correct.'],
  ])('reads a reference given as a worked solution (%s)', async (_, reference) => {
    expect(await mathTask.grade({ ...problem, answer: reference }, '\\boxed{0.5}', options)).toMatchObject({ correct: true });
    expect(await mathTask.grade({ ...problem, answer: reference }, '\\boxed{2}', options)).toMatchObject({ correct: false });
  });

  it('reports the reading that matched', async () => {
    const grade = await mathTask.grade({ ...problem, answer: '1' }, 'the roots are $\\boxed{-2}$ and $\\boxed{1}$', options);
    expect(grade).toEqual({ correct: true, status: 'passed', extracted: '1' });
    const wrong = await mathTask.grade({ ...problem, answer: '5' }, 'the roots are $\\boxed{-2}$ and $\\boxed{1}$', options);
    expect(wrong).toEqual({ correct: false, status: 'failed', extracted: '-2, 1' });
  });

  it('fails (never passes) against an empty reference answer', async () => {
    const grade = await mathTask.grade({ ...problem, answer: '' }, '\\boxed{}', options);
    expect(grade.status).toBe('no_answer');
    const other = await mathTask.grade({ ...problem, answer: '' }, '\\boxed{3}', options);
    expect(other).toMatchObject({ correct: false, status: 'failed', message: 'the reference answer is empty' });
  });
});
