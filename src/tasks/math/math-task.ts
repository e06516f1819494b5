import type { Grade, MathProblem, Task } from '../task.ts';
import { extractMathAnswer } from './extract-math-answer.ts';
import { loadMathProblems } from './load-math-problems.ts';
import { mathAnswersEquivalent } from './math-answers-equivalent.ts';

export const mathTask: Task<MathProblem> = {
  name: 'math',

  load: loadMathProblems,

  async grade(problem, output): Promise<Grade> {
    return gradeMathAnswer(problem.answer, output);
  },
};

/** Grades a raw model output against a reference answer: the last box (or a final-answer phrase) must be equivalent. */
export function gradeMathAnswer(reference: string, output: string): Grade {
  const extracted = extractMathAnswer(output);
  if (extracted === null) return { correct: false, status: 'no_answer', extracted: null };
  if (reference.trim() === '') return { correct: false, status: 'failed', extracted, message: 'the reference answer is empty' };
  const correct = mathAnswersEquivalent(extracted, reference);
  return { correct, status: correct ? 'passed' : 'failed', extracted };
}
