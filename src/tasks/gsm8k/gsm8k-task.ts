import { z } from 'zod';
import { InputError } from '../../util/errors.ts';
import { loadRows } from '../load-rows.ts';
import type { Grade, GsmProblem, Task } from '../task.ts';
import { slipPool } from '../wrong-answer-slips.ts';
import { evaluateArithmetic } from './evaluate-arithmetic.ts';
import { extractGsm8kAnswer } from './extract-gsm8k-answer.ts';
import { gsm8kPrompts } from './gsm8k-prompts.ts';
import { canonicalNumber, numbersEqual } from './parse-number.ts';

/** Official rows end their solution with `#### N`; MaAS/AFlow rows carry a bare answer, the solution in `cot`, and an id. */
const gsm8kRowSchema = z.object({
  question: z.string().min(1),
  answer: z.union([z.string().min(1), z.number()]),
  cot: z.string().optional(),
  id: z.union([z.string(), z.number()]).optional(),
});
type Gsm8kRow = z.infer<typeof gsm8kRowSchema>;

export const gsm8kTask: Task<GsmProblem> = {
  name: 'gsm8k',
  operators: ['Generate', 'CoT', 'MultiCoT', 'ScEnsemble', 'SelfRefine', 'Programmer', 'EarlyStop'],
  prompts: gsm8kPrompts,
  predictions: 'outputs',
  // The middle of the self-made set's range of steps: the sim reads it, real backends ignore it.
  serving: { difficulty: 3, problem: (query) => ({ ...query, answer: '' }) },
  sim: {
    profile: 'gsm8k',
    hints: (problem) => ({ reference: String(problem.answer) }),
    standInReference: (random) => String(random.int(2, 999)),
    // The grader's own equality: a slip within its tolerance (n+1 next to a reference of 1e6 or more) would be graded right.
    wrongAnswers: (meta, size, random) => Promise.resolve(slipPool(meta.reference, size, random, numbersEqual)),
    pythonLiteral: (answer) => answer,
  },

  async load(file) {
    const rows = await loadRows(file, gsm8kRowSchema);
    return rows.map(({ row, index, line, fallbackId }) => {
      const { answer, solution } = splitReference(row);
      const canonical = canonicalNumber(answer);
      if (canonical === null) throw new InputError({ file, line, field: 'answer' }, `no number in "${answer}"`);
      return {
        id: row.id === undefined ? fallbackId : String(row.id),
        index,
        question: row.question,
        answer: canonical,
        difficulty: countSteps(solution),
      };
    });
  },

  async grade(problem, output): Promise<Grade> {
    const extracted = extractGsm8kAnswer(output);
    if (extracted === null) return { correct: false, status: 'no_answer', extracted };
    // A served query has no reference (its answer is '' or absent): nothing to be correct against.
    if (typeof problem.answer !== 'string' || problem.answer.trim() === '') return { correct: false, status: 'failed', extracted };
    // Loaded answers are canonical already; one written by hand (`60%`, `1e3`, `2^3`) is read the same way.
    const reference = canonicalNumber(problem.answer) ?? evaluateArithmetic(problem.answer) ?? problem.answer;
    const correct = numbersEqual(extracted, reference);
    return { correct, status: correct ? 'passed' : 'failed', extracted };
  },

  extractAnswer: (text) => extractGsm8kAnswer(text),
  sameAnswer: (a, b) => numbersEqual(a, b),
  formatAnswer: (answer) => `The answer is ${answer}.`,
};

function splitReference(row: Gsm8kRow): { answer: string; solution: string } {
  const text = String(row.answer);
  const marker = text.lastIndexOf('####');
  if (marker >= 0) return { answer: text.slice(marker + 4).trim(), solution: text.slice(0, marker) };
  return { answer: text.trim(), solution: row.cot ?? '' };
}

/** Reasoning steps in a reference solution: its non-empty lines (GSM8K writes one step per line). */
export function countSteps(solution: string): number {
  return Math.max(1, solution.split('\n').filter((line) => line.trim() !== '').length);
}
