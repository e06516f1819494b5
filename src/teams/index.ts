export { type Aggregator, aggregators, describeTeams, type PlanningMode, planningModes, resolveTeamsConfig, type TeamMode, teamModes, type TeamsConfig, type TeamsFlags } from './teams-config.ts';
export { runTeamsQuery, type TeamAttemptReport, type TeamsDetail, type TeamsQueryOptions, type TeamsQueryResult } from './run-teams-query.ts';
export { runTeamsBenchmark, type TeamsBenchmarkOptions, type TeamsBenchmarkRun } from './run-teams-benchmark.ts';
export { summarizeTeams, type TeamsRunSummary } from './summarize-teams.ts';
