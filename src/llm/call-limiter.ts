import pLimit, { type LimitFunction } from 'p-limit';
import { CallCancelledError } from './llm-errors.ts';

export interface CallLimiterOptions {
  /** LLM calls in flight at once for this backend. */
  concurrency: number;
  /** Optional cap on (estimated) tokens started per rolling minute. */
  tokensPerMinute?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const minuteMs = 60_000;

/**
 * Caps calls in flight and, optionally, tokens per minute. Every call of a backend goes
 * through one limiter, whatever fan-out the operators do.
 */
export class CallLimiter {
  private readonly slots: LimitFunction;
  private readonly window: Array<{ at: number; tokens: number }> = [];
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: CallLimiterOptions) {
    this.slots = pLimit(options.concurrency);
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleepUnlessAborted;
  }

  get inFlight(): number {
    return this.slots.activeCount;
  }

  /**
   * Runs `call` once a slot and the token budget allow. A call whose signal aborts while it
   * waits (Ctrl-C during a long --tokens-per-minute wait) never starts: it fails as cancelled,
   * having used nothing.
   */
  run<T>(estimatedTokens: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.slots(async () => {
      throwIfCancelled(signal);
      await this.waitForTokens(estimatedTokens, signal);
      throwIfCancelled(signal);
      return call();
    });
  }

  private async waitForTokens(tokens: number, signal: AbortSignal | undefined): Promise<void> {
    const limit = this.options.tokensPerMinute;
    if (limit === undefined) return;
    for (;;) {
      throwIfCancelled(signal);
      const now = this.now();
      while (this.window.length > 0 && now - this.window[0]!.at >= minuteMs) this.window.shift();
      const used = this.window.reduce((sum, entry) => sum + entry.tokens, 0);
      // A call larger than the whole budget still runs once the window is empty.
      if (used + tokens <= limit || this.window.length === 0) {
        this.window.push({ at: now, tokens });
        return;
      }
      await this.sleep(minuteMs - (now - this.window[0]!.at), signal);
    }
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CallCancelledError({ promptTokens: 0, completionTokens: 0 });
}

/** Resolves after `ms`, or early when the signal aborts (the caller then sees the abort). */
function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
