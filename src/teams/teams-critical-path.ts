import { operatorProxyTokens } from '../graph/critical-path.ts';
import type { QueryResult } from '../graph/run-query.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import { planOperator, type TeamAttempt } from './team-attempt.ts';
import type { TeamsConfig } from './teams-config.ts';
import { usageLedgerOf } from './usage-ledger-of.ts';

export interface TeamsPathInput {
  config: TeamsConfig;
  attempts: readonly TeamAttempt[];
  cutoff: number;
  /** The attempt whose answer is final, if any. */
  chosen: TeamAttempt | undefined;
  /** Every successful attempt, in finishing order. */
  ranked: readonly TeamAttempt[];
  /** The plan calls as the query keeps them (cut at the cutoff). */
  planCalls: readonly LlmCallRecord[];
  /** Each attempt's executor result, when its executor finished. */
  results: ReadonlyMap<TeamAttempt, QueryResult>;
}

/**
 * Completion tokens on the teams' critical path (DESIGN §2's token proxy): for each deciding
 * team, its plans (in diverse planning the whole chain of plans before its own), then each
 * attempt's path through the topology and its self-check, in sequence. The query takes the
 * longest deciding team: early stop the winner, aggregate the successes it decided among, and
 * without an answer every attempt that ended by the cutoff. The aggregator's call comes after.
 */
export function teamsPathTokens(input: TeamsPathInput): number {
  const { config, attempts, cutoff } = input;
  const planUsage = usageLedgerOf(input.planCalls).byOperator();
  const planTokens = (team: number, attempt: number): number => planUsage.get(planOperator(team, attempt))?.completionTokens ?? 0;
  const teamPath = (team: number, upTo: number): number => {
    let tokens = 0;
    if (config.planning === 'diverse') for (let earlier = 0; earlier < team; earlier++) tokens += planTokens(earlier, 0);
    for (const entry of attempts.filter((a) => a.team === team && a.attempt <= upTo)) {
      tokens += planTokens(team, entry.attempt);
      const result = input.results.get(entry);
      if (result && entry.outcome) tokens += result.cpTokens + operatorProxyTokens(0, entry.outcome.toolMs);
    }
    return tokens;
  };
  const deciding = input.chosen ? (config.mode === 'early-stop' ? [input.chosen] : input.ranked.filter((entry) => entry.outcome!.end <= cutoff).slice(0, config.k)) : [];
  const path = deciding.length > 0 ? deciding : attempts.filter((entry) => entry.outcome && entry.outcome.end <= cutoff);
  return Math.max(0, ...path.map((entry) => teamPath(entry.team, entry.attempt)));
}
