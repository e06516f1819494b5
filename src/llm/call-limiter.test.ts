import { describe, expect, it } from 'vitest';
import { CallLimiter } from './call-limiter.ts';
import { CallCancelledError } from './llm-errors.ts';

describe('CallLimiter', () => {
  it('cancels a call waiting for the token budget when its signal aborts, without starting it', async () => {
    const limiter = new CallLimiter({ concurrency: 2, tokensPerMinute: 100 });
    await limiter.run(100, async () => 'first');
    const controller = new AbortController();
    let started = false;
    const waiting = limiter.run(50, async () => { started = true; return 'second'; }, controller.signal);
    controller.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCancelledError);
    expect((error as CallCancelledError).usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    expect(started).toBe(false);
  });

  it('never starts a call whose signal was aborted before it was queued', async () => {
    const limiter = new CallLimiter({ concurrency: 1 });
    let started = false;
    const error = await limiter.run(1, async () => { started = true; }, AbortSignal.abort()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCancelledError);
    expect(started).toBe(false);
  });

  it('still runs calls within the budget at once', async () => {
    const limiter = new CallLimiter({ concurrency: 2, tokensPerMinute: 100, sleep: () => Promise.reject(new Error('should not wait')) });
    expect(await limiter.run(40, async () => 1)).toBe(1);
    expect(await limiter.run(60, async () => 2)).toBe(2);
  });
});
