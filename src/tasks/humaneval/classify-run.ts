import { z } from 'zod';
import type { SandboxResult } from '../../sandbox/sandbox.ts';
import type { GradeStatus } from '../task.ts';

export interface RunVerdict {
  status: Exclude<GradeStatus, 'no_answer'>;
  message?: string;
}

const verdictSchema = z.object({
  nonce: z.string().nullable(),
  status: z.enum(['passed', 'failed', 'error', 'timeout']),
  message: z.string().optional(),
});

/**
 * The verdict of a sandboxed check-harness run. Passed needs all of: the harness exited 0, its
 * last stdout line is a verdict, and that verdict carries this run's nonce (which the candidate
 * never sees). Anything else — a crash, an exit, a timeout, stray output — is not a pass.
 */
export function classifyRun(result: SandboxResult, nonce: string): RunVerdict {
  switch (result.status) {
    case 'timeout':
      return { status: 'timeout', message: 'timed out' };
    case 'output_limit':
      return { status: 'error', message: 'output limit exceeded' };
    case 'cancelled':
      return { status: 'error', message: 'cancelled' };
    case 'ok':
    case 'error': {
      const verdict = lastVerdict(result.stdout);
      if (!verdict || verdict.nonce !== nonce) return { status: 'error', message: `no verdict from the check harness (exit code ${result.exitCode}): ${lastLine(result.stderr)}` };
      if (verdict.status === 'passed' && result.status !== 'ok') return { status: 'error', message: `the check harness exited with code ${result.exitCode}` };
      return verdict.message === undefined ? { status: verdict.status } : { status: verdict.status, message: verdict.message };
    }
  }
}

function lastVerdict(stdout: string): z.infer<typeof verdictSchema> | null {
  try {
    const parsed = verdictSchema.safeParse(JSON.parse(lastLine(stdout)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines[lines.length - 1] ?? '';
}
