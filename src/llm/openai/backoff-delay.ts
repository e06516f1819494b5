export interface BackoffOptions {
  /** Cap of the first retry's wait; doubles per retry. */
  baseMs: number;
  /** The cap never grows beyond this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 20_000 };

/**
 * Wait before retry number `attempt` (0 = the first retry): exponential backoff with full jitter,
 * i.e. uniform in [0, min(maxMs, baseMs * 2^attempt)). Full jitter spreads clients that failed
 * together (a 429 burst under fan-out) so they do not retry in lockstep. `random` returns a
 * number in [0, 1) and is injected so tests are deterministic.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const safeAttempt = Math.max(0, Math.floor(attempt));
  // 2 ** 1024 is Infinity; Math.min keeps it at maxMs either way.
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** safeAttempt);
  const unit = Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.floor(unit * cap));
}
