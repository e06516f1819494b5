import { setTimeout as delay } from 'node:timers/promises';
import { linkAbortSignal } from '../../util/link-abort-signal.ts';
import type { ChatUsage } from '../chat-model.ts';
import { ApiCallError, BackendUnreachableError, CallCancelledError, RetriesExhaustedError } from '../llm-errors.ts';
import { backoffDelay, type BackoffOptions } from './backoff-delay.ts';
import { classifyAttemptError, type AttemptFailure } from './classify-attempt-error.ts';

/** Waits `ms`; must reject (or resolve early) when `signal` aborts so cancellation is prompt. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

export const defaultSleep: SleepFn = (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined);

export interface RetryPolicy {
  /** Retries after the first attempt; attempts = maxRetries + 1. */
  maxRetries: number;
  /** Inactivity limit per attempt (see Attempt.touch). */
  timeoutMs: number;
  backoff: BackoffOptions;
  /** Longest Retry-After we obey, so one odd header cannot park a run for an hour. */
  maxRetryAfterMs: number;
  sleep: SleepFn;
  random: () => number;
  model: string;
  baseUrl: string;
  /** The raw error body the client captured for an SDK error, for unknown-model detection. */
  rawBodyOf?: (error: unknown) => string | undefined;
}

export interface Attempt {
  /** 0 for the first attempt. */
  readonly index: number;
  /** Aborts on the caller's abort and on this attempt's timeout; pass it to the SDK. */
  readonly signal: AbortSignal;
  /** The caller aborted (as opposed to our timeout): the operation should throw CallCancelledError with what it has. */
  callerAborted(): boolean;
  /** The server made progress (headers, a chunk): restart the inactivity timer. */
  touch(): void;
}

export interface RetryOutcome<T> {
  value: T;
  attempts: number;
}

const NO_USAGE: ChatUsage = { promptTokens: 0, completionTokens: 0 };

/**
 * Runs `operation` until it succeeds, a failure is not retryable, the caller aborts, or
 * `maxRetries` retries are spent. Our loop rather than the SDK's (which is set to 0 retries) so
 * that retries are counted, Retry-After is capped, and an aborted call never retries.
 *
 * The timeout is an inactivity timer, not a deadline: it starts with the attempt and restarts on
 * every `touch()`. A stalled server is abandoned after `timeoutMs` of silence, while a long answer
 * that keeps streaming is not cut off. (The SDK's own `timeout` stops counting once headers
 * arrive, so it cannot catch a stream that stalls midway.)
 */
export async function runWithRetries<T>(
  policy: RetryPolicy,
  callerSignal: AbortSignal | undefined,
  operation: (attempt: Attempt) => Promise<T>,
): Promise<RetryOutcome<T>> {
  let everyAttemptUnreachable = true;

  for (let index = 0; ; index++) {
    if (callerSignal?.aborted) throw new CallCancelledError(NO_USAGE);

    // The attempt's own signal: the caller's abort, or this attempt's inactivity timeout.
    const attempt = linkAbortSignal(callerSignal);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new Error(`no response for ${policy.timeoutMs} ms`));
    }, policy.timeoutMs);

    let failure: AttemptFailure;
    try {
      const value = await operation({
        index,
        signal: attempt.signal,
        callerAborted: () => callerSignal?.aborted === true,
        touch: () => {
          if (!timedOut) timer.refresh();
        },
      });
      return { value, attempts: index + 1 };
    } catch (error) {
      if (error instanceof CallCancelledError) throw error;
      if (callerSignal?.aborted) throw new CallCancelledError(NO_USAGE);
      failure = timedOut
        ? {
            error: new ApiCallError(`no response from ${policy.baseUrl} for ${policy.timeoutMs} ms`, undefined, true),
            retryable: true,
            unreachable: false,
          }
        : classifyAttemptError(error, { model: policy.model, baseUrl: policy.baseUrl, rawBody: policy.rawBodyOf?.(error) });
    } finally {
      clearTimeout(timer);
      attempt.unlink();
    }

    if (!failure.retryable) throw failure.error;
    everyAttemptUnreachable &&= failure.unreachable;

    if (index >= policy.maxRetries) {
      if (everyAttemptUnreachable) throw new BackendUnreachableError(policy.baseUrl, failure.reason ?? failure.error.message);
      throw new RetriesExhaustedError(index + 1, failure.error);
    }

    const jittered = backoffDelay(index, policy.backoff, policy.random);
    const asked = Math.min(failure.retryAfterMs ?? 0, policy.maxRetryAfterMs);
    try {
      await policy.sleep(Math.max(jittered, asked), callerSignal);
    } catch (error) {
      if (callerSignal?.aborted) throw new CallCancelledError(NO_USAGE);
      throw error;
    }
  }
}
