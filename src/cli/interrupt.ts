import { LamasError } from '../util/errors.ts';

/**
 * Ctrl-C for the commands that write a run (`run`, `eval`, `train`): the first SIGINT aborts
 * `signal`, so the command stops starting work, cancels what is in flight, writes what finished
 * (marked partial) and exits 130 with one line saying what was kept. A second SIGINT exits 130
 * at once (run-directory locks still go, on 'exit'; checkpoints and the cache are written
 * atomically, so nothing is left half-written).
 */
export interface Interrupt {
  readonly signal: AbortSignal;
  readonly interrupted: boolean;
  /** Stops listening; the process's default Ctrl-C applies again. */
  dispose(): void;
}

/** Exit code of a command stopped by SIGINT (128 + 2, as a shell reports it). */
export const interruptedExitCode = 130;

export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\nlamas: interrupted again: exiting now\n');
      process.exit(interruptedExitCode);
    }
    controller.abort(new InterruptedError('interrupted'));
  };
  process.on('SIGINT', onSigint);
  return {
    signal: controller.signal,
    get interrupted() {
      return controller.signal.aborted;
    },
    dispose: () => void process.off('SIGINT', onSigint),
  };
}

/** The command was stopped by Ctrl-C; its message says what was kept and where (exit 130). */
export class InterruptedError extends LamasError {
  override readonly exitCode = interruptedExitCode;
  override readonly name = 'InterruptedError';
}

/** Runs `fn` with Ctrl-C turned into `signal` for its duration. */
export async function withInterrupt<T>(fn: (interrupt: Interrupt) => Promise<T>): Promise<T> {
  const interrupt = listenForInterrupt();
  try {
    return await fn(interrupt);
  } finally {
    interrupt.dispose();
  }
}

/** `run` and `eval` stopped by Ctrl-C: what finished and where it was written. */
export function interruptedRun(finished: number, planned: number, out: string | undefined): InterruptedError {
  const kept = out
    ? `their results.jsonl and a partial summary.json ("partial": true) are in ${out}`
    : 'the summary above covers them (marked partial; nothing written without --out)';
  return new InterruptedError(`interrupted (Ctrl-C): ${finished} of ${planned} queries finished; ${kept}`);
}
