import type { QueryResult } from '../graph/run-query.ts';
import type { TeamsConfig } from './teams-config.ts';

export type AttemptStatus = 'succeeded' | 'failed' | 'cancelled' | 'not-started';

/** One attempt of one team, as the result reports it (times on the query's timeline, ms). */
export interface TeamAttemptReport {
  team: number;
  attempt: number;
  status: AttemptStatus;
  plan: string;
  planStart: number;
  /** When the team started working with this plan, and when its outcome was known (or it was stopped). */
  start: number;
  end: number;
  answer: string | null;
  /** Hidden grade of the attempt's answer: evaluation only, no team ever sees it. */
  correct: boolean;
  failure?: string;
  /** Its plan call and its topology's calls, cancelled ones included. */
  costUsd: number;
  cancelledCalls: number;
}

export interface TeamsDetail extends TeamsConfig {
  /** best-of-k reads the hidden grades: its accuracy is an upper bound, not a strategy's. */
  oracle: boolean;
  /** The team whose answer is final; null when none produced one. */
  winner: number | null;
  /** 1 + the teams whose final outcome was known before the winner's (1 = the winner finished first). */
  winnerFinishRank: number | null;
  /** When the query stopped waiting for teams: the first success (early stop), the k-th (aggregate), or the last team's end. */
  cutoffMs: number;
  successes: number;
  /** Per team: when its final outcome was known; null when it was stopped before. */
  teamEndMs: Array<number | null>;
  planningCostUsd: number;
  aggregationCostUsd: number;
  cancelledPromptTokens: number;
  cancelledCompletionTokens: number;
  /** The LLM aggregator replied without a valid letter; the majority decided. */
  aggregatorFellBack: boolean;
  attempts: TeamAttemptReport[];
}

export interface TeamsQueryResult extends QueryResult {
  teams: TeamsDetail;
}
