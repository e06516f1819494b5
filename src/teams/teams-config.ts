import { UsageError } from '../util/errors.ts';

export const teamModes = ['early-stop', 'aggregate'] as const;
export type TeamMode = (typeof teamModes)[number];

/** `best-of-k` is the oracle upper bound: it reads the hidden grades, so it is evaluation only. */
export const aggregators = ['majority', 'llm', 'best-of-k'] as const;
export type Aggregator = (typeof aggregators)[number];

/** `none`: no planner call; the teams differ only by their own sample streams (and start at once). */
export const planningModes = ['repeated', 'diverse', 'none'] as const;
export type PlanningMode = (typeof planningModes)[number];

/** How a query is run by parallel teams (M1-Parallel, arXiv 2507.08944). */
export interface TeamsConfig {
  /** Teams run at once on the same query. */
  teams: number;
  mode: TeamMode;
  /** Aggregate mode: successful answers to wait for (early stop waits for one). */
  k: number;
  aggregator: Aggregator;
  planning: PlanningMode;
  /** Attempts per team; a failed attempt is retried with a fresh plan written in view of every recorded failure. */
  maxAttempts: number;
}

export interface TeamsFlags {
  teams?: number;
  mode?: TeamMode;
  k?: number;
  aggregator?: Aggregator;
  planning?: PlanningMode;
  maxAttempts?: number;
}

/** What a teams flag not given means (resolveTeamsConfig applies them, `lamas run --help` prints them); k defaults to --teams. */
export const teamsDefaults = { teams: 3, mode: 'early-stop', aggregator: 'majority', planning: 'repeated', maxAttempts: 2 } as const satisfies Omit<TeamsConfig, 'k'>;

/** Fills defaults and rejects combinations that mean nothing (k > teams, an aggregator with early stop). */
export function resolveTeamsConfig(flags: TeamsFlags): TeamsConfig {
  const teams = flags.teams ?? teamsDefaults.teams;
  const mode = flags.mode ?? teamsDefaults.mode;
  if (mode === 'early-stop' && flags.k !== undefined && flags.k !== 1) {
    throw new UsageError('early stop takes the first successful answer; --k is for --mode aggregate', '--k');
  }
  if (mode === 'early-stop' && flags.aggregator !== undefined) {
    throw new UsageError('early stop takes the first successful answer; --aggregator is for --mode aggregate', '--aggregator');
  }
  const k = mode === 'early-stop' ? 1 : (flags.k ?? teams);
  if (k > teams) throw new UsageError(`cannot wait for ${k} answers from ${teams} teams`, '--k');
  return { teams, mode, k, aggregator: flags.aggregator ?? teamsDefaults.aggregator, planning: flags.planning ?? teamsDefaults.planning, maxAttempts: flags.maxAttempts ?? teamsDefaults.maxAttempts };
}

/** A short label for tables and progress lines, e.g. `3 teams · aggregate(llm, k=3) · diverse planning · ≤2 attempts`. */
export function describeTeams(config: TeamsConfig): string {
  const mode = config.mode === 'early-stop' ? 'early-stop' : `aggregate(${config.aggregator}, k=${config.k})`;
  return `${config.teams} team${config.teams === 1 ? '' : 's'} · ${mode} · ${config.planning === 'none' ? 'no planning' : `${config.planning} planning`} · ≤${config.maxAttempts} attempts`;
}
