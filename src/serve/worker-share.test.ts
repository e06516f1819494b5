import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.ts';
import { serveLimitDefaults, workerShare } from './worker-share.ts';

const limits = { maxConcurrent: 16, concurrency: 8, tokensPerMinute: 90_000, maxCost: 3 };

describe('worker share', () => {
  it('gives one process everything, and the defaults when nothing is set', () => {
    expect(workerShare(limits, 1)).toEqual(limits);
    expect(workerShare({}, 1)).toEqual({ ...serveLimitDefaults, tokensPerMinute: undefined, maxCost: undefined });
  });

  it('splits every server-wide limit so the workers together stay within it', () => {
    const share = workerShare(limits, 3);
    expect(share).toEqual({ maxConcurrent: 5, concurrency: 2, tokensPerMinute: 30_000, maxCost: 1 });
    for (const key of ['maxConcurrent', 'concurrency', 'tokensPerMinute', 'maxCost'] as const) expect(share[key]! * 3).toBeLessThanOrEqual(limits[key]);
  });

  it('leaves unset budgets unset and gives every worker at least 1 of a default', () => {
    const share = workerShare({}, 16);
    expect(share).toEqual({ maxConcurrent: 1, concurrency: 1, tokensPerMinute: undefined, maxCost: undefined });
    expect(workerShare({}, 2)).toMatchObject({ maxConcurrent: 8, concurrency: 4 });
  });

  it('refuses a limit the user set too small to give every worker a share, naming the flag', () => {
    expect(() => workerShare({ ...limits, concurrency: 2 }, 3)).toThrow(UsageError);
    expect(() => workerShare({ ...limits, concurrency: 2 }, 3)).toThrow(/^--concurrency: 2 cannot be shared by 3 workers/);
    expect(() => workerShare({ ...limits, maxConcurrent: 1 }, 2)).toThrow(/^--max-concurrent/);
    expect(() => workerShare({ tokensPerMinute: 3 }, 4)).toThrow(/^--tokens-per-minute/);
  });
});
