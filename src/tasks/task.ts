import type { Sandbox } from '../sandbox/sandbox.ts';

export const taskNames = ['gsm8k', 'math', 'humaneval'] as const;
export type TaskName = (typeof taskNames)[number];

/** One benchmark item, normalised from whichever file format it came in. */
export interface Problem {
  /** Stable id: the row's own id, or `<file-stem>-<0-based line index>` when the file has none. */
  id: string;
  /** 0-based position in its file; `lamas grade` accepts it as an id too. */
  index: number;
  /** The question as a model is asked it. */
  question: string;
  /** Difficulty from the row's own data (GSM8K steps, MATH level, HumanEval size); the sim reads it. */
  difficulty: number;
}

export interface GsmProblem extends Problem {
  /** Reference final answer as a plain number string, e.g. "18" or "-3.5". */
  answer: string;
}

export interface MathProblem extends Problem {
  /** Reference answer in LaTeX, the content of the solution's last \boxed{}. */
  answer: string;
  subject: string;
  level: number | null;
}

export interface CodeProblem extends Problem {
  taskId: string;
  /** Function signature and docstring the completion continues. */
  prompt: string;
  entryPoint: string;
  /** Hidden test code defining `check(candidate)`. */
  test: string;
  canonicalSolution: string | null;
}

export type GradeStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'no_answer';

export interface Grade {
  correct: boolean;
  status: GradeStatus;
  /** What the grader read as the answer (the normalised number, the boxed LaTeX, or null). */
  extracted: string | null;
  /** Why it failed, e.g. the exception message of a failing completion. */
  message?: string;
}

export interface GradeOptions {
  sandbox: Sandbox;
  signal?: AbortSignal;
  /** Wall timeout of one sandboxed run for code tasks. */
  timeoutMs?: number;
}

/** What every benchmark task provides: loading, answer extraction, grading. */
export interface Task<P extends Problem = Problem> {
  readonly name: TaskName;
  /** Reads an official file or a MaAS/AFlow split file; bad rows fail with file, line and field. */
  load(file: string): Promise<P[]>;
  /** Grades a raw model output (a completion for code tasks) against a problem. */
  grade(problem: P, output: string, options: GradeOptions): Promise<Grade>;
}
