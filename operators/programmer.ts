import { extractCode } from '../src/tasks/humaneval/index.ts';
import { LamasError } from '../src/util/errors.ts';
import { type Operator, samplingTemperature } from './operator.ts';
import { solutionFrom } from './solution-from.ts';

/** Attempts in all: the first program and up to two repairs shown the previous error (MaAS: 3). */
export const programmerAttempts = 3;
/** CPU seconds a program may use (wall time stretches with load; CPU time does not). */
const runCpuSeconds = 5;

export class ProgramFailedError extends LamasError {
  override readonly name = 'ProgramFailedError';
}

/**
 * Writes a Python program, runs it in the sandbox and reads the answer from its last printed
 * line. A program that raises, times out or prints nothing is retried with its error shown.
 */
export const programmer: Operator = {
  name: 'Programmer',
  description: 'Writes and runs a Python program to compute the answer, retrying on errors.',
  async run(context) {
    let previous: { code: string; error: string } | undefined;
    for (let attempt = 0; attempt < programmerAttempts; attempt++) {
      const response = await context.runtime.chat({
        messages: context.prompts.programmer(context.problem, previous),
        temperature: samplingTemperature,
        sampleIndex: context.sampleBase,
        meta: context.meta('programmer', { attempt }),
      });
      const code = extractCode(response.texts[0] ?? '', 'solve');
      const result = await context.runtime.runPython(code, runCpuSeconds);
      const printed = result.stdout.trim().split('\n').pop()?.trim() ?? '';
      if (result.status === 'ok' && printed !== '') {
        const text = `The program printed ${printed}.\n${context.task.formatAnswer(printed)}`;
        return [solutionFrom(context, text)];
      }
      previous = { code, error: describeFailure(result.status, result.stderr) };
    }
    throw new ProgramFailedError(`no program ran cleanly in ${programmerAttempts} attempts (${previous?.error})`);
  },
};

function describeFailure(status: string, stderr: string): string {
  if (status === 'timeout') return 'the program timed out';
  const last = stderr.trim().split('\n').pop() ?? '';
  return last === '' ? `the program ended with status ${status} and printed nothing` : last;
}
