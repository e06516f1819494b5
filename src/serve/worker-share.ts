import type { BackendOptions } from '../backend/backend-options.ts';
import { UsageError } from '../util/errors.ts';

export interface ServeLimits {
  maxConcurrent: number;
  concurrency: number;
  tokensPerMinute?: number;
  maxCost?: number;
}

/**
 * One worker's part of limits meant for the whole server: with `--workers N` each process gets
 * 1/N (rounded down), so N processes together never run more queries or LLM calls, use more
 * tokens per minute, or spend more than the flags say. A limit too small to give every worker
 * a share is a usage error naming its flag.
 */
export function workerShare<T extends ServeLimits & Pick<BackendOptions, 'concurrency'>>(options: T, workers: number): T {
  if (workers === 1) return options;
  const share = (value: number, flag: string) => {
    const part = Math.floor(value / workers);
    if (part < 1) throw new UsageError(`${value} cannot be shared by ${workers} workers (each needs at least 1); lower --workers or raise it`, flag);
    return part;
  };
  return {
    ...options,
    maxConcurrent: share(options.maxConcurrent, '--max-concurrent'),
    concurrency: share(options.concurrency, '--concurrency'),
    tokensPerMinute: options.tokensPerMinute === undefined ? undefined : share(options.tokensPerMinute, '--tokens-per-minute'),
    maxCost: options.maxCost === undefined ? undefined : options.maxCost / workers,
  };
}
