import { CallCancelledError } from '../llm/llm-errors.ts';
import type { Timeline } from '../llm/timeline.ts';
import { linkAbortSignal } from '../util/link-abort-signal.ts';
import type { FailureMemory } from './failure-memory.ts';
import type { AttemptOutcome } from './start-team-attempt.ts';
import { startTeamAttempt } from './start-team-attempt.ts';
import type { TeamAttempt } from './team-attempt.ts';
import type { TeamsCutoff } from './team-cutoff.ts';
import type { TeamPlanner } from './team-planner.ts';
import { attemptSampleOffset } from './team-sample-streams.ts';
import type { TeamsQueryOptions } from './teams-query-options.ts';
import type { VirtualGate } from './virtual-gate.ts';
import type { WrittenPlan } from './write-plan.ts';

/** What every team of one query shares. */
export interface TeamRunContext {
  query: TeamsQueryOptions;
  virtual: boolean;
  /** The query's clock (real time reads it). */
  clock: Timeline;
  nominalToolMs: number;
  planner: TeamPlanner;
  memory: FailureMemory;
  /** Virtual time only: orders the teams' decisions by simulated time. */
  gate: VirtualGate | undefined;
  cutoff: TeamsCutoff;
  /** Every attempt of the query, in the order their plans arrived; each team adds its own. */
  attempts: TeamAttempt[];
  /** The query's signal: each attempt links a signal of its own to it. */
  signal: AbortSignal;
}

/**
 * One team's run: it waits for its plan, runs the topology with it, and stops at the first
 * success. A failed attempt goes into the query's failure memory and, while attempts are left
 * and the query still needs answers, is retried with a new plan written in view of every failure
 * known by then (virtual time: only the failures from before, in simulated-time order).
 */
export async function runTeam(team: number, firstPlan: Promise<WrittenPlan>, context: TeamRunContext): Promise<void> {
  const { config } = context.query;
  let next = firstPlan;
  try {
    for (let attempt = 0; attempt < config.maxAttempts; attempt++) {
      let plan: WrittenPlan;
      try {
        plan = await next;
      } catch (error) {
        const cancelled = error instanceof CallCancelledError || context.planner.stopped;
        context.attempts.push({ team, attempt, plan: { text: '', start: 0, end: 0, completionTokens: 0 }, start: 0, planFailure: { cancelled, message: messageOf(error) } });
        return;
      }
      const entry: TeamAttempt = { team, attempt, plan, start: context.virtual ? plan.end : context.clock.now() };
      context.attempts.push(entry);
      // Real time: a plan that arrives after the cutoff starts nothing (virtual time cuts by the timelines).
      if (!context.virtual && context.cutoff.passed) {
        entry.planFailure = { cancelled: true, message: 'stopped before it started' };
        return;
      }
      const outcome = await runAttempt(entry, context);
      if (outcome.status === 'succeeded') {
        context.cutoff.succeeded(entry);
        return;
      }
      if (outcome.status === 'cancelled') return;
      context.memory.record({ team, attempt, plan: plan.text, log: outcome.failure ?? 'failed', at: outcome.end });
      if (attempt + 1 >= config.maxAttempts) return;
      await context.gate?.wait(team, outcome.end);
      if (context.cutoff.enough(outcome.end)) return;
      next = context.planner.replan(team, attempt + 1, outcome.end);
    }
  } finally {
    context.gate?.finish(team);
  }
}

/** Runs one attempt on its own sample stream, with a signal of its own linked to the query's. */
async function runAttempt(entry: TeamAttempt, context: TeamRunContext): Promise<AttemptOutcome> {
  const { query } = context;
  const stop = linkAbortSignal(context.signal);
  entry.stop = stop;
  entry.running = startTeamAttempt({
    query,
    llm: query.llm,
    plan: entry.plan.text,
    sampleOffset: attemptSampleOffset(query.topology, query.config.maxAttempts, entry.team, entry.attempt),
    start: entry.start,
    clock: context.clock,
    virtual: context.virtual,
    signal: stop.signal,
    nominalToolMs: context.nominalToolMs,
  });
  try {
    entry.outcome = await entry.running.outcome;
  } finally {
    void entry.running.result.finally(stop.unlink).catch(() => {});
  }
  return entry.outcome;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
