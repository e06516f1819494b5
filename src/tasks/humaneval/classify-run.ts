import type { SandboxResult } from '../../sandbox/sandbox.ts';
import type { GradeStatus } from '../task.ts';

export interface RunVerdict {
  status: Exclude<GradeStatus, 'no_answer'>;
  message?: string;
}

/**
 * Passed, failed (an assertion in the tests), error (any other exception, with its message)
 * or timeout, from a sandboxed run of a program that ends with `check(entry_point)`.
 */
export function classifyRun(result: SandboxResult): RunVerdict {
  switch (result.status) {
    case 'ok':
      return { status: 'passed' };
    case 'timeout':
      return { status: 'timeout', message: 'timed out' };
    case 'output_limit':
      return { status: 'error', message: 'output limit exceeded' };
    case 'cancelled':
      return { status: 'error', message: 'cancelled' };
    case 'error': {
      const message = lastExceptionLine(result.stderr);
      if (/^AssertionError\b/.test(message)) return { status: 'failed', message };
      return { status: 'error', message: message || `exit code ${result.exitCode}` };
    }
  }
}

/** The "Type: message" line a Python traceback ends with. */
function lastExceptionLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b/.test(lines[i]!)) return lines[i]!;
  }
  return lines[lines.length - 1] ?? '';
}
