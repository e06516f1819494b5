import { setMaxListeners } from 'node:events';
import { LamasError } from '../util/errors.ts';

/** `--max-failure-share` when not given: a run stops once more than half of its LLM calls failed. */
export const DEFAULT_MAX_FAILURE_SHARE = 0.5;
/** Finished calls before the share is judged mid-run, so a few early failures do not stop a run. */
export const MIN_CALLS_BEFORE_STOPPING = 10;

export interface FailurePolicyOptions {
  /** Largest tolerated share of failed calls, in [0, 1]; 1 never stops. Default 0.5. */
  maxShare?: number;
  /** Default MIN_CALLS_BEFORE_STOPPING. */
  minCalls?: number;
}

/** What the run's calls came to: `failedCalls` of `calls` finished calls (cancelled ones are not counted). */
export interface FailureCounts {
  calls: number;
  failedCalls: number;
  /** failedCalls / calls (0 with no calls), rounded to 1e-9 like every summary figure. */
  failedCallShare: number;
}

/** The run was stopped (or, at its end, failed) because too many of its LLM calls failed. Exit code 1. */
export class TooManyFailuresError extends LamasError {
  override readonly name = 'TooManyFailuresError';
  constructor(
    readonly counts: FailureCounts,
    readonly maxShare: number,
    /** The last failed call's error, on one line. */
    readonly lastError: string,
    readonly detail?: string,
  ) {
    super(
      `stopped: ${counts.failedCalls} of ${counts.calls} LLM calls failed (${(counts.failedCallShare * 100).toFixed(1)}%, more than --max-failure-share ${maxShare}); ` +
        `last error: ${lastError}${detail ? ` — ${detail}` : ''}`,
    );
  }

  /** The same stop, with what it means for the caller's output (e.g. which checkpoint is intact). */
  withDetail(detail: string): TooManyFailuresError {
    return new TooManyFailuresError(this.counts, this.maxShare, this.lastError, detail);
  }
}

/**
 * The one failure policy of every command that runs queries (run, eval, train, sweep, demo):
 * the LlmClient reports every finished call here, and once more than `maxShare` of them failed
 * (judged after `minCalls` calls, and once more at the end of a run whatever the count) the
 * policy trips: `signal` aborts, which cancels the run's calls in flight, and `tripped` holds
 * the one-line cause the command exits with. A call cancelled by the caller is neither a success
 * nor a failure. The sim never fails, so with it the policy never acts.
 */
export class FailurePolicy {
  readonly maxShare: number;
  readonly minCalls: number;
  private ok = 0;
  private failed = 0;
  private lastError = '';
  private readonly controller = new AbortController();

  constructor(options: FailurePolicyOptions = {}) {
    this.maxShare = options.maxShare ?? DEFAULT_MAX_FAILURE_SHARE;
    this.minCalls = options.minCalls ?? MIN_CALLS_BEFORE_STOPPING;
    if (!(this.maxShare >= 0 && this.maxShare <= 1)) throw new RangeError(`maxShare must be in [0, 1], got ${this.maxShare}`);
    // Every query of a run listens on it.
    setMaxListeners(0, this.controller.signal);
  }

  /** Aborts (with the TooManyFailuresError as its reason) when the policy trips. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The cause once tripped. */
  get tripped(): TooManyFailuresError | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as TooManyFailuresError) : undefined;
  }

  counts(): FailureCounts {
    const calls = this.ok + this.failed;
    return { calls, failedCalls: this.failed, failedCallShare: calls === 0 ? 0 : Math.round((this.failed / calls) * 1e9) / 1e9 };
  }

  recordSuccess(): void {
    this.ok++;
  }

  recordFailure(error: unknown): void {
    this.failed++;
    this.lastError = oneLine(error instanceof Error ? error.message : String(error));
    this.check(false);
  }

  /**
   * Judges the share now: mid-run only after `minCalls` calls, at the end (`final`) after any.
   * Returns the cause when the policy has tripped (now or before).
   */
  check(final: boolean): TooManyFailuresError | undefined {
    if (this.tripped) return this.tripped;
    const calls = this.ok + this.failed;
    if (calls === 0 || (!final && calls < this.minCalls)) return undefined;
    if (this.failed / calls <= this.maxShare) return undefined;
    this.controller.abort(new TooManyFailuresError(this.counts(), this.maxShare, this.lastError));
    return this.tripped;
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
