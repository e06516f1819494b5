import { describe, expect, it } from 'vitest';
import { consistencyFigures, flipShare } from './outcome-consistency.ts';

const T = true;
const F = false;

describe('flipShare', () => {
  it('counts the questions right in some runs and wrong in others', () => {
    expect(flipShare([[T, T, F, F], [T, F, F, T], [T, T, F, F]])).toBe(0.5);
    expect(flipShare([[T, F], [T, F]])).toBe(0);
  });

  it('refuses runs of different lengths or no runs', () => {
    expect(() => flipShare([[T], [T, F]])).toThrow(/1, 2/);
    expect(() => flipShare([])).toThrow(/at least one/);
  });
});

describe('consistencyFigures', () => {
  it('gives the differ and all-wrong shares over all runs and direct-vs-CoT agreement per pair', () => {
    // q0 right everywhere, q1 wrong everywhere, q2 flips between CoT runs, q3 direct right / CoT wrong.
    const direct = [
      [T, F, T, T],
      [T, F, T, T],
    ];
    const cot = [
      [T, F, T, F],
      [T, F, F, F],
    ];
    const figures = consistencyFigures(direct, cot);
    expect(figures.differShare).toBe(0.5);
    expect(figures.allWrongShare).toBe(0.25);
    expect(figures.agreement).toEqual([0.75, 0.5]);
  });

  it('refuses unpaired recordings', () => {
    expect(() => consistencyFigures([[T]], [])).toThrow(/1 direct runs but 0 CoT runs/);
  });
});
