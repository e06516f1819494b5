import type { TeamsRunSummary } from './summarize-teams.ts';
import { describeTeams } from './teams-config.ts';

/** The lines a teams run adds under the summary table. */
export function renderTeamsSummary(summary: TeamsRunSummary): string {
  const perTeam = summary.perTeamWallMs.map((team) => `t${team.team}: ${team.mean === null ? '—' : `${(team.mean / 1000).toFixed(2)} s`} (${team.finished} finished)`).join(', ');
  const lines = [
    `strategy: teams · ${describeTeams(summary)}`,
    `per-team mean latency to its final outcome: ${perTeam}`,
    `winner by team: ${summary.winnerTeam.join(' / ')} · by finishing rank: ${summary.winnerFinishRank.join(' / ')}`,
    `cancelled: ${summary.cancelledCalls} calls, ${summary.cancelledTokens.prompt} prompt + ${summary.cancelledTokens.completion} completion tokens · planning $${summary.planningCostUsd.toFixed(5)} · aggregation $${summary.aggregationCostUsd.toFixed(5)}`,
    `retries: ${summary.retries} · queries without a successful team: ${summary.queriesWithoutSuccess}${summary.aggregator === 'llm' && summary.mode === 'aggregate' ? ` · aggregator fallbacks to majority: ${summary.aggregatorFallbacks}` : ''}`,
  ];
  if (summary.oracle) lines.push('best-of-k is an ORACLE upper bound (it reads the hidden grades): evaluation only, not a deployable strategy');
  return lines.join('\n');
}
