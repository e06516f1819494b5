import type { Sandbox } from '../sandbox/sandbox.ts';
import { publicTestsAsCheck, runCheck } from '../tasks/humaneval/index.ts';
import type { CodeProblem, Problem, Task } from '../tasks/task.ts';

export interface SelfCheckInput {
  task: Task;
  problem: Problem;
  /** The team's final solution text. */
  text: string;
  sandbox: Sandbox;
  signal: AbortSignal;
  /** Sandboxed run time charged in virtual time instead of the measured time (keeps summaries machine-independent). */
  nominalToolMs?: number;
}

export interface SelfCheck {
  /** The answer read from the text; null when none could be read. */
  answer: string | null;
  passed: boolean;
  /** Why it did not pass, in one line. */
  failure?: string;
  /** Sandbox time spent (or charged) on the check; on the team's critical path. */
  toolMs: number;
}

const publicTestCpuSeconds = 5;

/**
 * What a team can verify on its own before it claims success — never the hidden grade: an
 * answer must be extractable, and for code the public tests must pass in the sandbox. GSM8K and
 * MATH have no check beyond that.
 */
export async function selfCheck(input: SelfCheckInput): Promise<SelfCheck> {
  const answer = input.task.extractAnswer(input.text, input.problem);
  if (answer === null) return { answer, passed: false, failure: 'no final answer could be read from the solution', toolMs: 0 };
  // Only code problems carry public tests.
  const tests = (input.problem as Partial<CodeProblem>).publicTests;
  if (!tests || tests.asserts.length === 0) return { answer, passed: true, toolMs: 0 };
  const started = performance.now();
  const verdict = await runCheck(input.sandbox, { problem: input.problem as CodeProblem, output: input.text, test: publicTestsAsCheck(tests), cpuSeconds: publicTestCpuSeconds, signal: input.signal });
  const toolMs = input.nominalToolMs ?? performance.now() - started;
  if (verdict.status === 'passed') return { answer, passed: true, toolMs };
  return { answer, passed: false, failure: `public tests ${verdict.status}: ${short(verdict.message ?? '')}`, toolMs };
}

function short(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max)} …`;
}
