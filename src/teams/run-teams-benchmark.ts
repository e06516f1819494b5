import { type RunBackendOptions, withRunBackend } from '../backend/run-backend.ts';
import { runStrategy, type StrategyRun, type StrategyRunOptions } from '../graph/run-strategy.ts';
import type { Topology } from '../graph/topology.ts';
import { runTeamsQuery } from './run-teams-query.ts';
import { summarizeTeams, type TeamsRunSummary } from './summarize-teams.ts';
import type { TeamsQueryResult } from './teams-query-result.ts';
import type { TeamsConfig } from './teams-config.ts';

export interface TeamsBenchmarkOptions extends Omit<StrategyRunOptions<TeamsQueryResult, TeamsRunSummary>, 'solve' | 'summarize' | 'backend'>, RunBackendOptions {
  topology: Topology;
  config: TeamsConfig;
}

export type TeamsBenchmarkRun = StrategyRun<TeamsQueryResult, TeamsRunSummary>;

/** `lamas run --strategy teams`: every problem through parallel teams on a backend it opens and closes, summarised and written like a single-strategy run. */
export function runTeamsBenchmark(options: TeamsBenchmarkOptions): Promise<TeamsBenchmarkRun> {
  const { topology, config, backend, onTraceError, ...rest } = options;
  return withRunBackend({ backend, out: rest.out, onTraceError }, (run) =>
    runStrategy({
      ...rest,
      backend: run,
      solve: (problem, services) => runTeamsQuery({ ...services, problem, topology, config }),
      summarize: (results, context) => summarizeTeams(results, context, config),
    }),
  );
}
