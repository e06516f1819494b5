import pLimit, { type LimitFunction } from 'p-limit';

export interface CallLimiterOptions {
  /** LLM calls in flight at once for this backend. */
  concurrency: number;
  /** Optional cap on (estimated) tokens started per rolling minute. */
  tokensPerMinute?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
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
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CallLimiterOptions) {
    this.slots = pLimit(options.concurrency);
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get inFlight(): number {
    return this.slots.activeCount;
  }

  run<T>(estimatedTokens: number, call: () => Promise<T>): Promise<T> {
    return this.slots(async () => {
      await this.waitForTokens(estimatedTokens);
      return call();
    });
  }

  private async waitForTokens(tokens: number): Promise<void> {
    const limit = this.options.tokensPerMinute;
    if (limit === undefined) return;
    for (;;) {
      const now = this.now();
      while (this.window.length > 0 && now - this.window[0]!.at >= minuteMs) this.window.shift();
      const used = this.window.reduce((sum, entry) => sum + entry.tokens, 0);
      // A call larger than the whole budget still runs once the window is empty.
      if (used + tokens <= limit || this.window.length === 0) {
        this.window.push({ at: now, tokens });
        return;
      }
      await this.sleep(minuteMs - (now - this.window[0]!.at));
    }
  }
}
