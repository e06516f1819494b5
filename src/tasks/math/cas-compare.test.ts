import { afterAll, describe, expect, it } from 'vitest';
import { casCompare, stopCasWorker } from './cas-compare.ts';

afterAll(() => stopCasWorker());

describe('casCompare', () => {
  it('evaluates both sides numerically and reports unknowns', () => {
    const constant = casCompare('\\sqrt{8}', '2\\sqrt{2}');
    expect(constant).toMatchObject({ valid: true, unknownsA: [], unknownsB: [], symbolic: true });
    expect(constant?.values[0]?.[0]).toBeCloseTo(Math.SQRT2 * 2, 12);
    const symbolic = casCompare('(x+1)^2', 'x^2+2x+1');
    expect(symbolic).toMatchObject({ valid: true, unknownsA: ['x'], unknownsB: ['x'] });
    expect(symbolic?.values.length).toBeGreaterThanOrEqual(2);
    for (const [a, , b] of symbolic?.values ?? []) expect(a).toBeCloseTo(b!, 9);
  });

  it('reports unparsable input as invalid', () => {
    expect(casCompare('}{{', '3')).toMatchObject({ valid: false });
  });

  it('gives up on an expression past its budget and recovers with a fresh worker', () => {
    // A hang would fail through the test timeout; no wall-clock assertion of its own.
    expect(casCompare('(10^{100})!', '1', { timeoutMs: 300 })).toBeNull();
    expect(casCompare('1+1', '2')).toMatchObject({ valid: true, symbolic: true });
  });

  it('keeps no state between requests', () => {
    casCompare('f(x)', 'x');
    expect(casCompare('2f', 'f+f')).toMatchObject({ valid: true, unknownsA: ['f'], unknownsB: ['f'] });
  });
});
