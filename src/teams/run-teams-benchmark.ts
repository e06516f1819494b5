import { runStrategy, type StrategyRun, type StrategyRunOptions } from '../graph/run-strategy.ts';
import type { Topology } from '../graph/topology.ts';
import { runTeamsQuery } from './run-teams-query.ts';
import { summarizeTeams, type TeamsRunSummary } from './summarize-teams.ts';
import type { TeamsQueryResult } from './teams-query-result.ts';
import type { TeamsConfig } from './teams-config.ts';

export interface TeamsBenchmarkOptions extends Omit<StrategyRunOptions<TeamsQueryResult, TeamsRunSummary>, 'solve' | 'summarize'> {
  topology: Topology;
  config: TeamsConfig;
}

export type TeamsBenchmarkRun = StrategyRun<TeamsQueryResult, TeamsRunSummary>;

/** `lamas run --strategy teams`: every problem through parallel teams, summarised and written like a single-strategy run. */
export function runTeamsBenchmark(options: TeamsBenchmarkOptions): Promise<TeamsBenchmarkRun> {
  const { topology, config, ...rest } = options;
  return runStrategy({
    ...rest,
    solve: (problem, services) => runTeamsQuery({ ...services, problem, topology, config }),
    summarize: (results, context) => summarizeTeams(results, context, config),
  });
}
