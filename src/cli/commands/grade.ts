import { z } from 'zod';
import { gradeAll, loadPredictions, summarizeGrades, type GradeSummary } from '../../../eval/grade-predictions.ts';
import { createPythonSandbox } from '../../sandbox/python-sandbox.ts';
import { getTask } from '../../tasks/registry.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { createProgress } from '../progress.ts';

export const gradeOptionsSchema = z.object({
  task: z.string({ error: 'is required' }),
  data: z.string({ error: 'is required (the benchmark file)' }),
  predictions: z.string({ error: 'is required (the predictions JSONL)' }),
  out: z.string().optional(),
  concurrency: z.coerce.number().int().positive().optional(),
  timeout: z.coerce.number().positive().default(10).describe('seconds per sandboxed run'),
  json: z.boolean().default(false),
});
export type GradeOptions = z.infer<typeof gradeOptionsSchema>;

export async function grade(options: GradeOptions): Promise<GradeSummary> {
  const task = getTask(options.task);
  const problems = await task.load(options.data);
  const predictions = await loadPredictions(task, problems, options.predictions);
  const sandbox = createPythonSandbox({ concurrency: options.concurrency });
  const progress = createProgress('grade', predictions.length);
  const rows = await gradeAll(task, predictions, { sandbox, timeoutMs: options.timeout * 1000, onGraded: () => progress.tick() }).finally(() => progress.stop());
  if (options.out) {
    const lines = rows.map(({ id, correct, status, extracted, message }) => JSON.stringify({ id, correct, status, extracted, message }));
    await writeFileAtomic(options.out, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  }
  return summarizeGrades(task.name, rows);
}

export function renderGradeSummary(summary: GradeSummary): string {
  const pct = (summary.accuracy * 100).toFixed(2);
  return [
    `${summary.task}: ${summary.passed}/${summary.n} correct (${pct}%)`,
    `failed ${summary.failed} · errors ${summary.errors} · timeouts ${summary.timeouts} · no answer ${summary.noAnswer}`,
  ].join('\n');
}
