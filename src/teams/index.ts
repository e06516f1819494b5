export { type Aggregator, aggregators, describeTeams, type PlanningMode, planningModes, resolveTeamsConfig, type TeamMode, teamModes, type TeamsConfig, type TeamsFlags } from './teams-config.ts';
export { runTeamsQuery } from './run-teams-query.ts';
export type { TeamsQueryOptions } from './teams-query-options.ts';
export type { AttemptStatus, TeamAttemptReport, TeamsDetail, TeamsQueryResult } from './teams-query-result.ts';
export { runTeamsBenchmark, type TeamsBenchmarkOptions, type TeamsBenchmarkRun } from './run-teams-benchmark.ts';
export { summarizeTeams, type TeamsRunSummary } from './summarize-teams.ts';
