import { Random } from '../util/random.ts';
import type { SimProfile, TaskProfile } from './sim-profile.ts';
import { standardDifficulty } from './skill-curve.ts';

/** The first profile version whose difficulty offsets belong to the query alone. */
export const queryOwnedOffsetsSince = 3;

/**
 * Where a query's difficulty offset comes from. Profiles before version 3 draw it per (seed,
 * query), so a new seed also reshuffles which questions are hard. From version 3 it is drawn from
 * (task, query id) alone: a question is as hard at every seed, as it is for a real model, and the
 * seed moves only sampling noise. Versions 1-2 keep their draw so their runs stay reproducible.
 */
export function difficultyOffsetStream(version: number, seed: number, task: string, queryId: string): Random {
  return version >= queryOwnedOffsetsSince ? Random.fromLabels('query-difficulty', task, queryId) : Random.derive(seed, 'difficulty', task, queryId);
}

/** A query's standardised difficulty z under the profile (shared by every call about the query). */
export function queryDifficulty(
  profile: Pick<SimProfile, 'version'>,
  taskProfile: TaskProfile,
  query: { task: string; queryId: string; difficulty: number },
  seed: number,
): number {
  return standardDifficulty(taskProfile, query.difficulty, difficultyOffsetStream(profile.version, seed, query.task, query.queryId));
}
