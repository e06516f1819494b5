import type { LinkedAbortSignal } from '../util/link-abort-signal.ts';
import type { AttemptOutcome, RunningAttempt } from './start-team-attempt.ts';
import type { WrittenPlan } from './write-plan.ts';

/** One attempt of one team as the query tracks it while the teams run. */
export interface TeamAttempt {
  team: number;
  attempt: number;
  plan: WrittenPlan;
  /** When the team started working with this plan, on the query's timeline (ms). */
  start: number;
  running?: RunningAttempt;
  outcome?: AttemptOutcome;
  /** Stops this attempt alone (the losers at the cutoff). */
  stop?: LinkedAbortSignal;
  /** The attempt never ran: its planner failed or was stopped, or (real time) the query stopped before it could start. */
  planFailure?: { cancelled: boolean; message: string };
}

/** How an attempt's rows are labelled in the trace, e.g. `t1a0` (its operators become `t1a0/L0.0:CoT`). */
export function attemptLabel(team: number, attempt: number): string {
  return `t${team}a${attempt}`;
}

/** The `operator` of the plan call written for an attempt, e.g. `plan:t1a0`. */
export function planOperator(team: number, attempt: number): string {
  return `plan:${attemptLabel(team, attempt)}`;
}

/** Finishing order of attempts that have an outcome; ties by team, then attempt. */
export function byOutcomeEnd(a: TeamAttempt, b: TeamAttempt): number {
  return a.outcome!.end - b.outcome!.end || a.team - b.team || a.attempt - b.attempt;
}
