import { type RunSummary, type SummaryContext, summarizeResults } from '../graph/summarize-results.ts';
import type { TeamsConfig } from './teams-config.ts';
import type { TeamsQueryResult } from './teams-query-result.ts';

/** The run summary of DESIGN §5 plus what parallel teams add. Costs are absolute: ratios to one team are the report's job. */
export interface TeamsRunSummary extends RunSummary, TeamsConfig {
  strategy: 'teams';
  /** best-of-k: accuracy is the oracle upper bound (it reads hidden grades) — evaluation only, not a strategy. */
  oracle: boolean;
  /**
   * Per team: mean time from the query's start to the team's final outcome, over the queries in
   * which it got one (`finished`); a team stopped by early stop has no end and is left out.
   */
  perTeamWallMs: Array<{ team: number; mean: number | null; finished: number }>;
  /** How often each team's answer was final (index = team). */
  winnerTeam: number[];
  /** How often the final answer came from the r-th team to finish (index r - 1). */
  winnerFinishRank: number[];
  cancelledTokens: { prompt: number; completion: number };
  planningCostUsd: number;
  aggregationCostUsd: number;
  /** Retry attempts that started (a failed attempt replanned with the failure memory). */
  retries: number;
  /** Queries where no team succeeded (the answer then comes from a majority over the failed ones). */
  queriesWithoutSuccess: number;
  /** LLM aggregator replies without a valid letter (the majority decided). */
  aggregatorFallbacks: number;
}

export function summarizeTeams(results: readonly TeamsQueryResult[], context: SummaryContext, config: TeamsConfig): TeamsRunSummary {
  const base = summarizeResults(results, context);
  const perTeamWallMs = Array.from({ length: config.teams }, (_, team) => {
    const ends = results.map((result) => result.teams.teamEndMs[team]).filter((end): end is number => end !== null && end !== undefined);
    return { team, mean: ends.length === 0 ? null : round(ends.reduce((a, b) => a + b, 0) / ends.length), finished: ends.length };
  });
  const count = (values: Array<number | null>, size: number) => {
    const counts = Array.from({ length: size }, () => 0);
    for (const value of values) if (value !== null) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  const sum = (pick: (result: TeamsQueryResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    ...base,
    strategy: 'teams',
    ...config,
    oracle: config.mode === 'aggregate' && config.aggregator === 'best-of-k',
    perTeamWallMs,
    winnerTeam: count(results.map((result) => result.teams.winner), config.teams),
    winnerFinishRank: count(results.map((result) => (result.teams.winnerFinishRank === null ? null : result.teams.winnerFinishRank - 1)), config.teams),
    cancelledTokens: { prompt: sum((result) => result.teams.cancelledPromptTokens), completion: sum((result) => result.teams.cancelledCompletionTokens) },
    planningCostUsd: round(sum((result) => result.teams.planningCostUsd)),
    aggregationCostUsd: round(sum((result) => result.teams.aggregationCostUsd)),
    retries: sum((result) => result.teams.attempts.filter((attempt) => attempt.attempt > 0 && attempt.status !== 'not-started').length),
    queriesWithoutSuccess: results.filter((result) => result.teams.successes === 0).length,
    aggregatorFallbacks: results.filter((result) => result.teams.aggregatorFellBack).length,
  };
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
