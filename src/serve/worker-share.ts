import { UsageError } from '../util/errors.ts';

/** Limits a `lamas serve` command line may set; unset ones take the defaults below. */
export interface ServeLimitFlags {
  maxConcurrent?: number;
  concurrency?: number;
  tokensPerMinute?: number;
  maxCost?: number;
}

export interface ServeLimits {
  /** Solve/chat queries at once (more get 429). */
  maxConcurrent: number;
  /** LLM calls in flight. */
  concurrency: number;
  tokensPerMinute?: number;
  maxCost?: number;
}

/** What an unset limit means for the whole server. */
export const serveLimitDefaults = { maxConcurrent: 16, concurrency: 8 } as const;

/**
 * One process's part of limits meant for the whole server. With `--workers N` each process gets
 * 1/N (rounded down), so N processes together never run more queries or LLM calls, use more
 * tokens per minute, or spend more than the flags say. A limit the user set that is too small
 * to give every worker a share is a usage error naming its flag; a default is a convenience, not
 * a promise, so its share is at least 1.
 */
export function workerShare(flags: ServeLimitFlags, workers: number): ServeLimits {
  const share = (value: number | undefined, fallback: number, flag: string) => {
    if (value === undefined) return Math.max(1, Math.floor(fallback / workers));
    const part = Math.floor(value / workers);
    if (part < 1) throw new UsageError(`${value} cannot be shared by ${workers} workers (each needs at least 1); lower --workers or raise it`, flag);
    return part;
  };
  return {
    maxConcurrent: share(flags.maxConcurrent, serveLimitDefaults.maxConcurrent, '--max-concurrent'),
    concurrency: share(flags.concurrency, serveLimitDefaults.concurrency, '--concurrency'),
    tokensPerMinute: flags.tokensPerMinute === undefined ? undefined : share(flags.tokensPerMinute, 0, '--tokens-per-minute'),
    maxCost: flags.maxCost === undefined ? undefined : flags.maxCost / workers,
  };
}
