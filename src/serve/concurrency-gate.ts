import { ApiError } from './api-error.ts';

/**
 * Caps the queries a server runs at once. Over the cap a request is refused at once (429) instead
 * of queued: a queue would hide overload from clients and load balancers, and OpenAI clients
 * already retry 429s after `Retry-After`.
 */
export class ConcurrencyGate {
  private running = 0;
  /** Smoothed query duration, for a Retry-After that matches how long a slot takes to free up. */
  private averageMs = 1000;

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.running;
  }

  /** Takes a slot or throws the 429; the returned function gives the slot back (once). */
  acquire(): () => void {
    if (this.running >= this.limit) {
      const retryAfter = String(this.retryAfterSeconds());
      throw new ApiError(429, `too many queries in flight (limit ${this.limit}); retry after ${retryAfter} s`, 'rate_limit_error', null, 'concurrency_limit', { 'retry-after': retryAfter });
    }
    this.running++;
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
    };
  }

  /** Whole seconds (HTTP wants an integer), at least 1, at most a minute. */
  retryAfterSeconds(): number {
    return Math.min(60, Math.max(1, Math.ceil(this.averageMs / 1000)));
  }
}
