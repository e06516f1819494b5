/** Anything with a case-insensitive `get`, such as the `Headers` an SDK error carries. */
export interface HeaderLookup {
  get(name: string): string | null | undefined;
}

/**
 * How long the server asked us to wait, in milliseconds, or undefined when it did not say (or
 * said something unreadable). `retry-after-ms` (sent by OpenAI and Azure) wins because it is
 * more precise; `Retry-After` may be delta-seconds or an HTTP date (RFC 9110 §10.2.3). A date in
 * the past means "now" (0). `now` is a parameter so date handling can be table-tested.
 */
export function parseRetryAfter(headers: HeaderLookup | undefined | null, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;

  const milliseconds = headers.get('retry-after-ms')?.trim();
  if (milliseconds) {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }

  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  // Delta-seconds: the spec allows only digits, but fractional values occur in the wild.
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  // Date.parse would read a bare number as a year; only try it on something that looks like a date.
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
