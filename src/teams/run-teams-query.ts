import { defaultNominalToolMs } from '../graph/run-query.ts';
import type { CallScope } from '../llm/llm-client.ts';
import { RealTimeline, type Timeline, VirtualTimeline } from '../llm/timeline.ts';
import { UsageLedger } from '../llm/usage-ledger.ts';
import { linkAbortSignal } from '../util/link-abort-signal.ts';
import { assembleTeamsResult } from './assemble-teams-result.ts';
import { type Candidate, chooseAnswer } from './choose-answer.ts';
import { FailureMemory } from './failure-memory.ts';
import { RowCollector } from './row-collector.ts';
import { runTeam, type TeamRunContext } from './run-team.ts';
import type { TeamAttempt } from './team-attempt.ts';
import { TeamsCutoff } from './team-cutoff.ts';
import { TeamLlmClient } from './team-llm-client.ts';
import { TeamPlanner } from './team-planner.ts';
import type { TeamsQueryOptions } from './teams-query-options.ts';
import type { TeamsQueryResult } from './teams-query-result.ts';
import { VirtualGate } from './virtual-gate.ts';

export type { TeamsQueryOptions } from './teams-query-options.ts';
export type { AttemptStatus, TeamAttemptReport, TeamsDetail, TeamsQueryResult } from './teams-query-result.ts';

/**
 * One query run by parallel teams (M1-Parallel, arXiv 2507.08944). A planner writes each team a
 * plan (team-planner.ts); the teams run the topology concurrently with their plan as guidance, a
 * failed attempt retried with a new plan in view of every failure (run-team.ts); early stop takes
 * the first successful answer and stops every other team at once, aggregate waits for k
 * successes (team-cutoff.ts) and decides by majority, an LLM aggregator, or the best-of-k oracle
 * (choose-answer.ts); the result is assembled from the rows as cut (assemble-teams-result.ts).
 *
 * Time. Real time (openai, real-time sim) reacts to events as they happen: the losers' in-flight
 * calls are aborted at the cutoff and recorded with their tokens so far, and the query returns
 * only once none of its calls is running. Virtual time cannot abort anything (nothing takes
 * time), so every team runs to its end on its own simulated timeline and the stop is applied by
 * the timelines afterwards: the cutoff is the winner's (or k-th success's) end on the query's
 * timeline; calls that started before it count — cut at the cutoff, prompt in full and the
 * elapsed share of the completion — and calls that started after it never happened. Retries are
 * ordered by simulated time (VirtualGate) so each sees exactly the failures from before it.
 *
 * Cost is everything spent up to the cutoff across all teams and the planner, cancelled calls
 * included (the paper's c_s = sum_i c_i(t_(1))), plus the aggregator's call.
 */
export async function runTeamsQuery(options: TeamsQueryOptions): Promise<TeamsQueryResult> {
  const { config, task, problem } = options;
  const virtual = options.llm.model.virtualTime;
  const clock: Timeline = virtual ? new VirtualTimeline() : new RealTimeline();
  const timelineAt = (time: number): Timeline => (virtual ? new VirtualTimeline(time) : clock.fork());
  const ledger = new UsageLedger(); // scopes need one; the accounting is the assembly's, over the rows as cut
  const scope = (operator: string, timeline: Timeline): CallScope => ({ run: options.runId, query: problem.id, layer: -1, operator, ledger, timeline });

  // Everything of the query listens on one signal; the planner, each attempt and the aggregator link their own to it.
  const query = linkAbortSignal(options.signal);
  const memory = new FailureMemory();
  const planner = new TeamPlanner({ query: options, virtual, timelineAt, scope, memory, signal: query.signal });
  const attempts: TeamAttempt[] = [];
  const stopTeams = (): void => {
    planner.stop();
    for (const attempt of attempts) if (attempt.outcome === undefined) attempt.stop?.abort();
  };
  const cutoff = new TeamsCutoff({ virtual, needed: config.mode === 'early-stop' ? 1 : config.k, clock, onStop: stopTeams });
  const initialPlans = planner.initialPlans();
  const teams: TeamRunContext = {
    query: options,
    virtual,
    clock,
    nominalToolMs: options.nominalToolMs ?? defaultNominalToolMs,
    planner,
    memory,
    gate: virtual ? new VirtualGate(config.teams) : undefined,
    cutoff,
    attempts,
    signal: query.signal,
  };

  try {
    const teamsDone = Promise.all(initialPlans.map((plan, team) => runTeam(team, plan, teams)));
    if (virtual) await teamsDone;
    else await Promise.race([cutoff.stopped, teamsDone]);
    cutoff.close();
    planner.stop(); // nothing more to plan (real time: already stopped)
    const decision = cutoff.decide(attempts, planner.rows.calls);
    const { pool } = decision;
    const candidates: Candidate[] = pool.map((entry) => ({
      team: entry.team,
      text: entry.outcome!.text ?? '',
      answer: entry.outcome!.answer,
      correct: async () => (await entry.running!.result.catch(() => undefined))?.correct ?? false,
    }));

    const aggregation = linkAbortSignal(query.signal);
    const aggregatorRows = new RowCollector();
    const aggregatorTimeline = timelineAt(decision.cutoff);
    const choice = await chooseAnswer({
      task,
      problem,
      mode: config.mode,
      aggregator: config.aggregator,
      candidates,
      fallback: decision.fallback,
      llm: { client: new TeamLlmClient(options.llm, aggregation.signal, aggregatorRows), scope: scope('aggregate', aggregatorTimeline) },
    });
    aggregation.unlink();
    const end = virtual ? Math.max(decision.cutoff, aggregatorTimeline.now()) : clock.now();

    // Nothing of the query may still run when it returns: wait for every stopped attempt to wind down.
    await teamsDone;
    await Promise.allSettled(attempts.map((entry) => entry.running?.result));
    const chosen = choice.index === null ? undefined : pool[choice.index];
    const chosenResult = chosen ? await chosen.running!.result.catch(() => undefined) : undefined;

    // Everything has settled: the finally below may run while the result is assembled.
    return assembleTeamsResult({ query: options, virtual, decision, end, attempts, planCalls: planner.rows.calls, aggregateCalls: aggregatorRows.calls, chosen, chosenResult, fellBack: choice.fellBack });
  } finally {
    planner.unlink();
    query.abort(); // releases anything still listening (nothing should be running)
  }
}
