import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.ts';
import { workerShare } from './worker-share.ts';

const limits = { maxConcurrent: 16, concurrency: 8, tokensPerMinute: 90_000, maxCost: 3, other: 'kept' };

describe('worker share', () => {
  it('gives one process everything', () => {
    expect(workerShare(limits, 1)).toEqual(limits);
  });

  it('splits every server-wide limit so the workers together stay within it', () => {
    const share = workerShare(limits, 3);
    expect(share).toEqual({ maxConcurrent: 5, concurrency: 2, tokensPerMinute: 30_000, maxCost: 1, other: 'kept' });
    for (const key of ['maxConcurrent', 'concurrency', 'tokensPerMinute', 'maxCost'] as const) expect(share[key]! * 3).toBeLessThanOrEqual(limits[key]);
  });

  it('leaves unset limits unset', () => {
    const share = workerShare<{ maxConcurrent: number; concurrency: number; tokensPerMinute?: number; maxCost?: number }>({ maxConcurrent: 4, concurrency: 4 }, 2);
    expect(share.tokensPerMinute).toBeUndefined();
    expect(share.maxCost).toBeUndefined();
  });

  it('refuses a limit too small to give every worker a share, naming the flag', () => {
    expect(() => workerShare({ ...limits, concurrency: 2 }, 3)).toThrow(UsageError);
    expect(() => workerShare({ ...limits, concurrency: 2 }, 3)).toThrow(/^--concurrency: 2 cannot be shared by 3 workers/);
    expect(() => workerShare({ ...limits, maxConcurrent: 1 }, 2)).toThrow(/^--max-concurrent/);
  });
});
