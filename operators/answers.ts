import { extractGsm8kAnswer, numbersEqual } from '../src/tasks/gsm8k/index.ts';
import { extractCode } from '../src/tasks/humaneval/index.ts';
import { extractMathAnswer, mathAnswersEquivalent } from '../src/tasks/math/index.ts';
import type { CodeProblem, Problem, TaskName } from '../src/tasks/task.ts';

/** One operator output: the text it produced and the answer read from it. */
export interface Solution {
  /** Node that produced it, e.g. `L1.0:CoT`. */
  source: string;
  text: string;
  /** Extracted final answer (number, LaTeX, or code); null when none could be read. */
  answer: string | null;
}

/** The comparable answer in a text: a number (GSM8K), boxed LaTeX (MATH), the code (HumanEval). */
export function answerOf(task: TaskName, text: string, problem: Problem): string | null {
  switch (task) {
    case 'gsm8k':
      return extractGsm8kAnswer(text);
    case 'math':
      return extractMathAnswer(text);
    case 'humaneval': {
      const code = extractCode(text, (problem as CodeProblem).entryPoint).trim();
      return code === '' ? null : code;
    }
  }
}

export function sameAnswer(task: TaskName, a: string, b: string): boolean {
  switch (task) {
    case 'gsm8k':
      return numbersEqual(a, b);
    case 'math':
      return mathAnswersEquivalent(a, b);
    case 'humaneval':
      return normaliseCode(a) === normaliseCode(b);
  }
}

function normaliseCode(code: string): string {
  return code
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/**
 * Self-consistency: the solution whose answer most others share. Ties go to the earliest, so
 * the result does not depend on timing. Solutions without an answer never win over ones with.
 */
export function majority(task: TaskName, solutions: readonly Solution[]): Solution | null {
  const answered = solutions.filter((solution) => solution.answer !== null);
  if (answered.length === 0) return solutions[0] ?? null;
  let best = answered[0]!;
  let bestVotes = 0;
  for (const candidate of answered) {
    const votes = answered.filter((other) => sameAnswer(task, candidate.answer!, other.answer!)).length;
    if (votes > bestVotes) {
      best = candidate;
      bestVotes = votes;
    }
  }
  return best;
}

/** What the simulated backend measures correctness against (real backends ignore it). */
export function referenceOf(problem: Problem): string {
  if ('canonicalSolution' in problem) return (problem as CodeProblem).canonicalSolution ?? '';
  if ('answer' in problem) return String((problem as Problem & { answer: string }).answer);
  return '';
}
