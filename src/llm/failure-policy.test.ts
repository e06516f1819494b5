import { describe, expect, it } from 'vitest';
import { FailurePolicy, TooManyFailuresError } from './failure-policy.ts';

describe('FailurePolicy', () => {
  it('trips once more than the share failed, judged only after minCalls calls mid-run', () => {
    const policy = new FailurePolicy({ maxShare: 0.5, minCalls: 10 });
    for (let i = 0; i < 4; i++) policy.recordSuccess();
    for (let i = 0; i < 5; i++) policy.recordFailure(new Error(`boom ${i}\n  at somewhere`));
    // 5 of 9 failed, but fewer than 10 calls: not yet.
    expect(policy.tripped).toBeUndefined();
    expect(policy.signal.aborted).toBe(false);
    policy.recordFailure(new Error('connect ECONNREFUSED'));
    const tripped = policy.tripped!;
    expect(tripped).toBeInstanceOf(TooManyFailuresError);
    expect(policy.signal.aborted).toBe(true);
    expect(policy.signal.reason).toBe(tripped);
    expect(tripped.exitCode).toBe(1);
    expect(tripped.message).toBe('stopped: 6 of 10 LLM calls failed (60.0%, more than --max-failure-share 0.5); last error: connect ECONNREFUSED');
    expect(policy.counts()).toEqual({ calls: 10, failedCalls: 6, failedCallShare: 0.6 });
  });

  it('exactly the share does not trip; the final check judges any count', () => {
    const policy = new FailurePolicy({ maxShare: 0.5, minCalls: 10 });
    policy.recordSuccess();
    policy.recordFailure(new Error('a'));
    expect(policy.check(true)).toBeUndefined();
    policy.recordFailure(new Error('b'));
    expect(policy.check(false)).toBeUndefined();
    expect(policy.check(true)?.message).toMatch(/^stopped: 2 of 3 LLM calls failed \(66\.7%/);
  });

  it('never trips at 1 or without failures, and keeps the error on one line', () => {
    const never = new FailurePolicy({ maxShare: 1, minCalls: 1 });
    for (let i = 0; i < 20; i++) never.recordFailure(new Error('x'));
    expect(never.check(true)).toBeUndefined();
    const clean = new FailurePolicy();
    expect(clean.check(true)).toBeUndefined();
    const zero = new FailurePolicy({ maxShare: 0, minCalls: 1 });
    zero.recordFailure(new Error('first\nsecond'));
    expect(zero.tripped?.lastError).toBe('first second');
    expect(() => new FailurePolicy({ maxShare: 1.5 })).toThrow(RangeError);
  });
});
