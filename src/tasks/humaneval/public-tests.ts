import { z } from 'zod';
import { loadRows } from '../load-rows.ts';
import { canonicalTaskId } from './task-id.ts';

const publicTestRowSchema = z.object({
  problem_id: z.string().min(1),
  test: z.array(z.string()),
  entry_point: z.string().min(1),
});

export interface PublicTests {
  taskId: string;
  entryPoint: string;
  /** Assert statements over `candidate`, e.g. `assert candidate(1) == 2`. */
  asserts: string[];
}

/** Reads `humaneval_public_test.jsonl`-style files: visible asserts the Test operator may use. */
export async function loadPublicTests(file: string): Promise<Map<string, PublicTests>> {
  const rows = await loadRows(file, publicTestRowSchema);
  return new Map(
    rows.map(({ row }) => {
      const taskId = canonicalTaskId(row.problem_id);
      return [taskId, { taskId, entryPoint: row.entry_point, asserts: row.test }];
    }),
  );
}

/** A `check(candidate)` function over public asserts, in the shape hidden tests have. */
export function publicTestsAsCheck(tests: PublicTests): string {
  const body = tests.asserts.length > 0 ? tests.asserts.map((line) => `    ${line}`).join('\n') : '    pass';
  return `def check(candidate):\n${body}\n`;
}
