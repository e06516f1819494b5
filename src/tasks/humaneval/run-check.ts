import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Sandbox } from '../../sandbox/sandbox.ts';
import { sourcePath } from '../../util/source-path.ts';
import type { CodeProblem } from '../task.ts';
import { candidateProgram } from './build-program.ts';
import { classifyRun, type RunVerdict } from './classify-run.ts';

const harness = readFileSync(sourcePath('./check-harness.py', import.meta.url), 'utf8');

export interface CheckRequest {
  problem: CodeProblem;
  /** A completion or a chat answer holding the code. */
  output: string;
  /** Code defining `check(candidate)`: the hidden tests, or public ones. */
  test: string;
  /**
   * CPU seconds each process of the run (harness, candidate) may use; a candidate that spends
   * them is a timeout. The wall limit is only a net for code that sleeps: a verdict must not
   * depend on how loaded the machine is.
   */
  cpuSeconds: number;
  signal?: AbortSignal;
}

/**
 * Runs `check(entry_point)` on a completion in the sandbox through the check harness: the
 * candidate runs in a process of its own, the tests reach only the harness (on its stdin), and
 * the verdict counts only with this run's nonce (threat model: docs/SANDBOX.md).
 */
export async function runCheck(sandbox: Sandbox, request: CheckRequest): Promise<RunVerdict> {
  const nonce = randomBytes(16).toString('hex');
  const { problem } = request;
  const result = await sandbox.run({
    code: harness,
    args: [problem.entryPoint],
    files: { 'candidate.py': candidateProgram(problem, request.output) },
    stdin: JSON.stringify({ nonce, prompt: problem.prompt, test: request.test, entryPoint: problem.entryPoint }),
    cpuSeconds: request.cpuSeconds,
    signal: request.signal,
  });
  return classifyRun(result, nonce);
}
