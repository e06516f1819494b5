/**
 * Sample indices each node of a topology has to itself. Node n of a query draws its samples at
 * sampleOffset + n x samplesPerNode + k with k < samplesPerNode (MultiCoT draws 3), so separate
 * calls on one prompt stay separate samples (and cache entries). Parallel teams lay their
 * attempts' streams out in the same unit (`src/teams/team-sample-streams.ts`).
 */
export const samplesPerNode = 16;
