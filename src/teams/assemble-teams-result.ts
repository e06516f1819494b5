import type { OperatorRecord } from '../graph/operator-record.ts';
import type { QueryResult } from '../graph/run-query.ts';
import { topologyToString } from '../graph/topology.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import { attemptRows, cutCalls, type RowCut } from './attempt-rows.ts';
import { attemptLabel, planOperator, type TeamAttempt } from './team-attempt.ts';
import type { TeamsDecision } from './team-cutoff.ts';
import { teamsPathTokens } from './teams-critical-path.ts';
import type { TeamsQueryOptions } from './teams-query-options.ts';
import type { AttemptStatus, TeamAttemptReport, TeamsQueryResult } from './teams-query-result.ts';
import { resultUsage } from '../llm/usage-ledger.ts';
import { usageLedgerOf } from './usage-ledger-of.ts';

export interface AssembleInput {
  query: TeamsQueryOptions;
  virtual: boolean;
  decision: TeamsDecision;
  /** When the query ended on its timeline (aggregation included). */
  end: number;
  attempts: readonly TeamAttempt[];
  /** The planner's calls as made (cut here). */
  planCalls: readonly LlmCallRecord[];
  /** The aggregator's call, after the cutoff by design: never cut. */
  aggregateCalls: readonly LlmCallRecord[];
  chosen: TeamAttempt | undefined;
  chosenResult: QueryResult | undefined;
  fellBack: boolean;
}

/**
 * The query's result from what ran: every row on the query's timeline (cut at the cutoff in
 * virtual time) written to the run's trace, the usage ledger's totals over them, the critical
 * path, and the teams' report with one line per attempt.
 */
export async function assembleTeamsResult(input: AssembleInput): Promise<TeamsQueryResult> {
  const { query, virtual, attempts } = input;
  const { config, problem } = query;
  const { cutoff, ranked } = input.decision;
  const cut: RowCut = { virtual, cutoff, prices: query.llm.prices };

  // Sorted: concurrent plan calls finish in event-loop order, which must not change a trace or a sum.
  const planCalls = cutCalls(input.planCalls, cut).sort((a, b) => a.start - b.start || a.operator.localeCompare(b.operator));
  const aggregateCalls = input.aggregateCalls;
  const teamCalls: LlmCallRecord[] = [];
  const teamOperators: OperatorRecord[] = [];
  const reports: TeamAttemptReport[] = [];
  const results = new Map<TeamAttempt, QueryResult>();
  for (const entry of attempts) {
    // An executor that threw has no result; its attempt was already reported failed by its outcome.
    const result = await entry.running?.result.catch(() => undefined);
    if (result) results.set(entry, result);
  }

  for (const entry of [...attempts].sort((a, b) => a.team - b.team || a.attempt - b.attempt)) {
    const { calls, operators } = attemptRows(entry, cut);
    teamCalls.push(...calls);
    teamOperators.push(...operators);
    const own = [...planCalls.filter((call) => call.operator === planOperator(entry.team, entry.attempt)), ...calls];
    reports.push(reportAttempt(entry, cut, own, results.get(entry)));
  }

  const calls = [...planCalls, ...teamCalls, ...aggregateCalls];
  for (const row of [...calls, ...teamOperators]) query.trace?.write(row);
  const totals = usageLedgerOf(calls).totals();
  const cancelled = usageLedgerOf(calls.filter((call) => call.cancelled)).totals();

  // A team's final outcome: its last attempt that ended by the cutoff with a verdict (success, or its last failure).
  const teamEndMs = Array.from({ length: config.teams }, (_, team) => {
    const mine = reports.filter((report) => report.team === team);
    const last = mine[mine.length - 1];
    return last && (last.status === 'succeeded' || (last.status === 'failed' && last.attempt + 1 >= config.maxAttempts)) ? last.end : null;
  });
  const winner = input.chosen?.team ?? null;
  const winnerEnd = winner === null ? null : teamEndMs[winner];
  const winnerFinishRank = winner === null || winnerEnd === null || winnerEnd === undefined ? null : 1 + teamEndMs.filter((end, team) => team !== winner && end !== null && end < winnerEnd).length;

  const aggregation = usageLedgerOf(aggregateCalls).totals();
  const cpTokens = teamsPathTokens({ config, attempts, cutoff, chosen: input.chosen, ranked, planCalls, results }) + aggregation.completionTokens;
  const decidingResult = input.chosenResult;
  const verdictOf = (record: OperatorRecord) => reports.some((report) => record.node.startsWith(`${attemptLabel(report.team, report.attempt)}/`) && (report.status === 'succeeded' || report.status === 'failed'));
  const operatorFailures = teamOperators.filter((record) => record.failed && verdictOf(record));
  return {
    id: problem.id,
    topology: topologyToString(query.topology),
    scheduler: query.scheduler,
    answer: decidingResult?.answer ?? null,
    correct: decidingResult?.correct ?? false,
    status: decidingResult?.status ?? 'no_answer',
    ...resultUsage(totals),
    failures: operatorFailures.length,
    cpTokens,
    // The query's path is the deciding team's (planning, attempts, check) plus aggregation: its wall time.
    cpWallMs: input.end,
    wallMs: input.end,
    operators: teamOperators,
    teams: {
      ...config,
      oracle: config.mode === 'aggregate' && config.aggregator === 'best-of-k',
      winner,
      winnerFinishRank,
      cutoffMs: cutoff,
      successes: ranked.filter((entry) => entry.outcome!.end <= cutoff).length,
      teamEndMs,
      planningCostUsd: round(usageLedgerOf(planCalls).totals().costUsd),
      aggregationCostUsd: round(aggregation.costUsd),
      cancelledPromptTokens: cancelled.promptTokens,
      cancelledCompletionTokens: cancelled.completionTokens,
      aggregatorFellBack: input.fellBack,
      attempts: reports,
    },
  };
}

/** One attempt as the result reports it; `own` are its plan call and its topology's calls, as kept. */
function reportAttempt(entry: TeamAttempt, cut: RowCut, own: readonly LlmCallRecord[], result: QueryResult | undefined): TeamAttemptReport {
  const status = statusOf(entry, cut);
  const verdict = status === 'succeeded' || status === 'failed';
  const usage = usageLedgerOf(own).totals();
  return {
    team: entry.team,
    attempt: entry.attempt,
    status,
    plan: entry.plan.text,
    planStart: entry.plan.start,
    start: entry.start,
    end: status === 'not-started' ? entry.start : Math.min(entry.outcome?.end ?? entry.start, cut.virtual ? cut.cutoff : Infinity),
    answer: verdict ? (entry.outcome?.answer ?? null) : null,
    correct: verdict ? (result?.correct ?? false) : false,
    ...(status === 'failed' ? { failure: entry.outcome?.failure ?? entry.planFailure?.message ?? 'failed' } : {}),
    costUsd: round(usage.costUsd),
    cancelledCalls: usage.cancelledCalls,
  };
}

function statusOf(entry: TeamAttempt, { virtual, cutoff }: RowCut): AttemptStatus {
  if (entry.planFailure) return entry.planFailure.cancelled ? 'not-started' : 'failed';
  if (virtual && entry.start >= cutoff) return 'not-started';
  const outcome = entry.outcome;
  if (!outcome) return 'cancelled';
  if (virtual && outcome.end > cutoff) return 'cancelled';
  if (!virtual && outcome.status === 'cancelled' && (entry.running?.rows.calls.length ?? 0) === 0 && (entry.running?.rows.operators.length ?? 0) === 0) return 'not-started';
  return outcome.status;
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
