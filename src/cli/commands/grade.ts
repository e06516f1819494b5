import { z } from 'zod';
import { gradeAll, loadPredictions, summarizeGrades, type GradeSummary } from '../../../eval/grade-predictions.ts';
import { createPythonSandbox } from '../../sandbox/python-sandbox.ts';
import { getTask } from '../../tasks/registry.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { InputError } from '../../util/errors.ts';
import { checkWritableFile, withOutputFlag } from '../../util/output-errors.ts';
import { createProgress } from '../progress.ts';
import { gradeOptionsSchema } from '../command-options.ts';

export { gradeOptionsSchema };

export type GradeOptions = z.infer<typeof gradeOptionsSchema>;

export async function grade(options: GradeOptions): Promise<GradeSummary> {
  const task = getTask(options.task);
  const problems = await task.load(options.data);
  if (problems.length === 0) throw new InputError({ file: options.data }, 'holds no items (the file is empty): nothing to grade against');
  const predictions = await loadPredictions(task, problems, options.predictions);
  // Before grading (minutes of sandboxed runs for human-eval): an --out that cannot be written fails now.
  if (options.out) checkWritableFile(options.out, '--out');
  const sandbox = createPythonSandbox({ concurrency: options.concurrency });
  const progress = createProgress('grade', predictions.length);
  const rows = await gradeAll(task, predictions, { sandbox, cpuSeconds: options.timeout, onGraded: () => progress.tick() }).finally(() => progress.stop());
  if (options.out) {
    const lines = rows.map(({ id, correct, status, extracted, message }) => JSON.stringify({ id, correct, status, extracted, message }));
    const out = options.out;
    await withOutputFlag('--out', out, () => writeFileAtomic(out, lines.length > 0 ? `${lines.join('\n')}\n` : ''));
  }
  const summary = summarizeGrades(task.name, rows, problems.map((problem) => problem.id));
  if (summary.missing > 0) {
    process.stderr.write(`grade: ${summary.missing} of ${summary.items} items in ${options.data} have no prediction in ${options.predictions}: not graded, and in neither n nor accuracy (accuracy is over the ${summary.n} graded)\n`);
  }
  return summary;
}

export function renderGradeSummary(summary: GradeSummary): string {
  const pct = (summary.accuracy * 100).toFixed(2);
  return [
    `${summary.task}: ${summary.passed}/${summary.n} graded predictions correct (${pct}%)`,
    `failed ${summary.failed} · errors ${summary.errors} · timeouts ${summary.timeouts} · no answer ${summary.noAnswer} · missing ${summary.missing} of ${summary.items} items (no prediction, not graded)`,
  ].join('\n');
}
