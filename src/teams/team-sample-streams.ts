import { samplesPerNode } from '../graph/sample-streams.ts';
import type { Topology } from '../graph/topology.ts';

/** Attempts take at least this many sample indices, so topologies up to 64 nodes share one layout. */
const minSamplesPerAttempt = 1024;

/**
 * Sample indices set aside per team attempt: samplesPerNode for each node of the topology keeps
 * every attempt's samples apart; at least 1024, so the streams of topologies up to 64 nodes do
 * not depend on the topology's size.
 */
export function samplesPerAttempt(topology: Topology): number {
  const nodes = topology.layers.reduce((count, layer) => count + layer.length, 0);
  return Math.max(minSamplesPerAttempt, samplesPerNode * nodes);
}

/** Where an attempt's own sample stream starts (runQuery's sampleOffset): team by team, `maxAttempts` attempts each. */
export function attemptSampleOffset(topology: Topology, maxAttempts: number, team: number, attempt: number): number {
  return (team * maxAttempts + attempt) * samplesPerAttempt(topology);
}

/**
 * The planner's sample for a team's attempt: the planner draws like one node per team,
 * samplesPerNode indices per team and one per attempt, so repeated plans of one prompt stay
 * distinct samples (and cache entries).
 */
export function planSampleIndex(team: number, attempt: number): number {
  return team * samplesPerNode + attempt;
}
