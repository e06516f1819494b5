/**
 * What a sim profile's skill curve gives on a split in expectation: from version 3 a query's
 * difficulty z is fixed by the query (query-difficulty.ts), so a role's expected accuracy over
 * sampling is exactly the mean of sigmoid(intercept - slope * z) over the split's queries, and the
 * intercept that hits a recorded accuracy can be solved for instead of searched by runs.
 */
import { queryDifficulty } from '../src/sim/query-difficulty.ts';
import type { SimProfile, TaskProfile } from '../src/sim/sim-profile.ts';
import { sigmoid } from '../src/sim/skill-curve.ts';
import type { Problem } from '../src/tasks/task.ts';

/** Every split query's z under the profile (seed 0: from version 3 the seed does not move z). */
export function splitDifficulties(profile: SimProfile, taskProfile: TaskProfile, task: string, problems: readonly Problem[]): number[] {
  return problems.map((problem) => queryDifficulty(profile, taskProfile, { task, queryId: problem.id, difficulty: problem.difficulty }, 0));
}

export function expectedAccuracy(curve: { intercept: number; slope: number }, zs: readonly number[]): number {
  return zs.reduce((sum, z) => sum + sigmoid(curve.intercept - curve.slope * z), 0) / zs.length;
}

/** The intercept (slope fixed) whose expected accuracy over `zs` is `target`, by bisection. */
export function interceptFor(target: number, zs: readonly number[], slope = 1): number {
  if (!(target > 0 && target < 1)) throw new Error(`target accuracy ${target} must lie strictly between 0 and 1`);
  let low = -200;
  let high = 200;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (expectedAccuracy({ intercept: mid, slope }, zs) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
