import type { QueryRunOptions } from '../graph/run-query.ts';
import type { TeamsConfig } from './teams-config.ts';

/** One query run by parallel teams: the executor's options, but guidance (the plans) and sample streams are the teams' own. */
export interface TeamsQueryOptions extends Omit<QueryRunOptions, 'guidance' | 'sampleOffset' | 'onEvent'> {
  config: TeamsConfig;
}
