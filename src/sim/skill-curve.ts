import type { Random } from '../util/random.ts';
import type { TaskProfile } from './sim-profile.ts';

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * A query's standardised difficulty: its own data's difficulty, centred and scaled per task,
 * plus a seeded per-query offset. Every call about the query shares it, so calls are correlated.
 */
export function standardDifficulty(profile: TaskProfile, difficulty: number, offset: Random): number {
  const { center, scale, offsetSd } = profile.difficulty;
  return (difficulty - center) / scale + offset.normal() * offsetSd;
}

export function pCorrect(curve: { intercept: number; slope: number }, z: number): number {
  return sigmoid(curve.intercept - curve.slope * z);
}

/** Completion length: lognormal around the median, clamped. */
export function drawLength(model: { median: number; sigma: number; min: number; max: number }, random: Random): number {
  const tokens = Math.round(model.median * Math.exp(model.sigma * random.normal()));
  return Math.min(model.max, Math.max(model.min, tokens));
}
