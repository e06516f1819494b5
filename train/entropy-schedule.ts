import type { TrainConfig } from './train-config.ts';

/**
 * The entropy bonus's schedule (issue 14). A constant weight could not serve every seed: 0.01 let
 * one GSM8K seed collapse onto a long chain early, and 0.05 kept another too spread to exploit
 * what it had learnt (its sampled graphs drifted long again in the last passes). So the weight
 * moves linearly from the first step's to the last step's (default 0): explore early, settle late.
 */

/** The entropy bonus's weight at the first step: as given, else 0.05 under the default rules and 0 under maas and legacy (the reference and the old rules have none). */
export function entropyOf(config: Pick<TrainConfig, 'entropy' | 'rules'>): number {
  return config.entropy ?? (config.rules === 'lamas' ? 0.05 : 0);
}

/** The entropy bonus's weight at the last step: as given, else 0 (the bonus has decayed away by the end). */
export function entropyEndOf(config: Pick<TrainConfig, 'entropyEnd'>): number {
  return config.entropyEnd ?? 0;
}

/**
 * The weight at `step` (0-based) of `totalSteps`: linear from the first step's to the last step's.
 * A function of the step alone, so a resumed run continues the same schedule.
 */
export function entropyAt(schedule: { entropy: number; entropyEnd: number }, step: number, totalSteps: number): number {
  const progress = totalSteps <= 1 ? 0 : Math.min(1, step / (totalSteps - 1));
  return schedule.entropy + (schedule.entropyEnd - schedule.entropy) * progress;
}
