import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  const cases: Array<[string, Record<string, string> | undefined, number | undefined]> = [
    ['no headers', undefined, undefined],
    ['no retry headers', { 'content-type': 'application/json' }, undefined],
    ['delta seconds', { 'retry-after': '2' }, 2000],
    ['zero seconds', { 'retry-after': '0' }, 0],
    ['fractional seconds', { 'retry-after': '0.25' }, 250],
    ['spaces around', { 'retry-after': ' 3 ' }, 3000],
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 1500],
    ['retry-after-ms wins over retry-after', { 'retry-after-ms': '20', 'retry-after': '5' }, 20],
    ['bad retry-after-ms falls back', { 'retry-after-ms': 'soon', 'retry-after': '1' }, 1000],
    ['HTTP date in the future', { 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, 5000],
    ['HTTP date in the past', { 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, 0],
    ['negative seconds', { 'retry-after': '-5' }, undefined],
    ['garbage', { 'retry-after': 'later please' }, undefined],
    ['empty', { 'retry-after': '' }, undefined],
  ];
  it.each(cases)('%s', (_name, headers, expected) => {
    expect(parseRetryAfter(headers ? new Headers(headers) : undefined, NOW)).toBe(expected);
  });

  it('is case-insensitive through Headers', () => {
    expect(parseRetryAfter(new Headers({ 'Retry-After': '7' }), NOW)).toBe(7000);
  });
});
