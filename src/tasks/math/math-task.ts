import type { Grade, MathProblem, Task } from '../task.ts';
import { slipPool } from '../wrong-answer-slips.ts';
import { findStatedAnswer } from './extract-answer-phrase.ts';
import { extractMathAnswer, extractMathAnswers } from './extract-math-answer.ts';
import { loadMathProblems } from './load-math-problems.ts';
import { mathAnswersEquivalent } from './math-answers-equivalent.ts';
import { mathPrompts } from './math-prompts.ts';

export const mathTask: Task<MathProblem> = {
  name: 'math',
  operators: ['Generate', 'CoT', 'MultiCoT', 'ScEnsemble', 'SelfRefine', 'Programmer', 'EarlyStop'],
  prompts: mathPrompts,
  predictions: 'outputs',
  // The middle of the self-made set's levels: the sim reads it, real backends ignore it.
  serving: { difficulty: 3, problem: (query) => ({ ...query, answer: '', subject: '', level: null }) },
  sim: {
    profile: 'math',
    hints: (problem) => ({ reference: String(problem.answer) }),
    standInReference: (random) => String(random.int(2, 999)),
    wrongAnswers: (meta, size, random) => Promise.resolve(slipPool(meta.reference, size, random, mathAnswersEquivalent)),
    pythonLiteral: (answer) => `r"${answer.replace(/"/g, '')}"`,
  },

  load: loadMathProblems,

  async grade(problem, output): Promise<Grade> {
    return gradeMathAnswer(problem.answer, output);
  },

  extractAnswer: (text) => extractMathAnswer(text),
  sameAnswer: (a, b) => mathAnswersEquivalent(a, b),
  formatAnswer: (answer) => `The final answer is $\\boxed{${answer}}$.`,
};

/**
 * Grades a raw model output against a reference answer: one reading of the output's answer (its
 * last box or box run, or its stated final answer) must be equivalent to the reference.
 */
export function gradeMathAnswer(reference: string, output: string): Grade {
  const candidates = extractMathAnswers(output);
  if (candidates.length === 0) return { correct: false, status: 'no_answer', extracted: null };
  if (reference.trim() === '') return { correct: false, status: 'failed', extracted: candidates[0]!, message: 'the reference answer is empty' };
  const references = referenceReadings(reference);
  const matching = candidates.find((candidate) => references.some((answer) => mathAnswersEquivalent(candidate, answer)));
  return matching === undefined ? { correct: false, status: 'failed', extracted: candidates[0]! } : { correct: true, status: 'passed', extracted: matching };
}

/**
 * A reference is normally a bare answer (a box's content). One given as a worked solution (it
 * holds a box, or states "the final answer is ...") is read the way an output is.
 */
function referenceReadings(reference: string): string[] {
  if (/\\(?:boxed|fbox)(?![a-zA-Z])/.test(reference)) {
    const read = extractMathAnswers(reference);
    if (read.length > 0) return read;
  }
  if (reference.length > 40 && /answer/i.test(reference)) {
    const stated = findStatedAnswer(reference);
    if (stated !== null) return [stated.value, reference];
  }
  return [reference];
}
