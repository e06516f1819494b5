import { setMaxListeners } from 'node:events';
import { operatorProxyTokens } from '../graph/critical-path.ts';
import type { OperatorRecord } from '../graph/operator-record.ts';
import { defaultNominalToolMs, type QueryResult, type QueryRunOptions } from '../graph/run-query.ts';
import { type Topology, topologyToString } from '../graph/topology.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import type { CallScope } from '../llm/llm-client.ts';
import { CallCancelledError } from '../llm/llm-errors.ts';
import { RealTimeline, type Timeline, VirtualTimeline } from '../llm/timeline.ts';
import { UsageLedger } from '../llm/usage-ledger.ts';
import { type Candidate, chooseAnswer } from './choose-answer.ts';
import { FailureMemory } from './failure-memory.ts';
import { RowCollector } from './row-collector.ts';
import { type AttemptOutcome, type RunningAttempt, startTeamAttempt } from './start-team-attempt.ts';
import { TeamLlmClient } from './team-llm-client.ts';
import type { TeamsConfig } from './teams-config.ts';
import { truncateCall, truncateOperator } from './truncate-rows.ts';
import { VirtualGate } from './virtual-gate.ts';
import { guidedPlanTemperature, repeatedPlanTemperature, type WrittenPlan, writePlan } from './write-plan.ts';

/**
 * Sample indices set aside per team attempt. A query's operators use node ordinal x 16 + k
 * (k < 16), so 16 per node keeps every attempt's samples apart; at least 1024, so the streams of
 * topologies up to 64 nodes do not depend on the topology's size.
 */
function sampleStride(topology: Topology): number {
  return Math.max(1024, 16 * topology.layers.reduce((nodes, layer) => nodes + layer.length, 0));
}

/** Planning `none`: an attempt starts at once with no plan, so its prompts are the topology's own. */
function noPlan(at: number): WrittenPlan {
  return { text: '', start: at, end: at, completionTokens: 0 };
}

/** Guidance (the plans) and sample streams are the teams' own. */
export interface TeamsQueryOptions extends Omit<QueryRunOptions, 'guidance' | 'sampleOffset' | 'onEvent'> {
  config: TeamsConfig;
}

export type AttemptStatus = 'succeeded' | 'failed' | 'cancelled' | 'not-started';

/** One attempt of one team, as the result reports it (times on the query's timeline, ms). */
export interface TeamAttemptReport {
  team: number;
  attempt: number;
  status: AttemptStatus;
  plan: string;
  planStart: number;
  /** When the team started working with this plan, and when its outcome was known (or it was stopped). */
  start: number;
  end: number;
  answer: string | null;
  /** Hidden grade of the attempt's answer: evaluation only, no team ever sees it. */
  correct: boolean;
  failure?: string;
  /** Its plan call and its topology's calls, cancelled ones included. */
  costUsd: number;
  cancelledCalls: number;
}

export interface TeamsDetail extends TeamsConfig {
  /** best-of-k reads the hidden grades: its accuracy is an upper bound, not a strategy's. */
  oracle: boolean;
  /** The team whose answer is final; null when none produced one. */
  winner: number | null;
  /** 1 + the teams whose final outcome was known before the winner's (1 = the winner finished first). */
  winnerFinishRank: number | null;
  /** When the query stopped waiting for teams: the first success (early stop), the k-th (aggregate), or the last team's end. */
  cutoffMs: number;
  successes: number;
  /** Per team: when its final outcome was known; null when it was stopped before. */
  teamEndMs: Array<number | null>;
  planningCostUsd: number;
  aggregationCostUsd: number;
  cancelledPromptTokens: number;
  cancelledCompletionTokens: number;
  /** The LLM aggregator replied without a valid letter; the majority decided. */
  aggregatorFellBack: boolean;
  attempts: TeamAttemptReport[];
}

export interface TeamsQueryResult extends QueryResult {
  teams: TeamsDetail;
}

interface Attempt {
  team: number;
  attempt: number;
  plan: WrittenPlan;
  start: number;
  running?: RunningAttempt;
  outcome?: AttemptOutcome;
  controller?: AbortController;
  /** The attempt never ran: its planner failed or was stopped, or (real time) the query stopped before it could start. */
  planFailure?: { cancelled: boolean; message: string };
}

/**
 * One query run by parallel teams (M1-Parallel, arXiv 2507.08944). A planner writes each team a
 * plan (repeated sampling or diverse, sequential plans); the teams run the topology concurrently
 * with their plan as guidance; a failed attempt is recorded in the query's failure memory and
 * retried with a new plan written in view of every failure so far. Early stop takes the first
 * successful answer and stops every other team at once; aggregate waits for k successes and
 * decides by majority, an LLM aggregator, or the best-of-k oracle.
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
  const needed = config.mode === 'early-stop' ? 1 : config.k;
  const nominalToolMs = options.nominalToolMs ?? defaultNominalToolMs;

  // Everything of the query listens on one signal; the planner and each attempt get their own child.
  const query = linkedController(options.signal);
  const planning = linkedController(query.controller.signal);
  const plannerRows = new RowCollector();
  const planner = new TeamLlmClient(options.llm, planning.controller.signal, plannerRows);
  const ledger = new UsageLedger(); // scopes need one; the accounting is recomputed from the rows
  const scope = (operator: string, timeline: Timeline): CallScope => ({ run: options.runId, query: problem.id, layer: -1, operator, ledger, timeline });

  const memory = new FailureMemory();
  const gate = virtual ? new VirtualGate(config.teams) : undefined;
  const attempts: Attempt[] = [];
  const successes: Attempt[] = [];
  let realCutoff: number | undefined;
  let signalStop!: () => void;
  const stopped = new Promise<void>((resolve) => (signalStop = resolve));

  /** Whether the query has its answers by `time` (virtual: exact, since the gate ran everything earlier first). */
  const enough = (time: number): boolean => (virtual ? successes.filter((s) => s.outcome!.end <= time).length >= needed : realCutoff !== undefined);

  const stopTeams = (): void => {
    realCutoff = clock.now();
    planning.controller.abort();
    for (const attempt of attempts) if (attempt.outcome === undefined) attempt.controller?.abort();
    signalStop();
  };

  const plannedBy = (team: number, attempt: number) => `plan:t${team}a${attempt}`;
  const initialPlans = startInitialPlans();

  function startInitialPlans(): Array<Promise<WrittenPlan>> {
    const plan = (team: number, start: number, others: string[], temperature: number) =>
      writePlan({ llm: planner, scope: scope(plannedBy(team, 0), timelineAt(start)), task: task.name, problem, request: { problem, others }, temperature, sampleIndex: team * 16 });
    if (config.planning === 'none') return Array.from({ length: config.teams }, () => Promise.resolve(noPlan(0)));
    if (config.planning === 'repeated') return Array.from({ length: config.teams }, (_, team) => plan(team, 0, [], repeatedPlanTemperature));
    // Diverse: each plan is asked for once the previous one is written, in view of all before it.
    const deferred = Array.from({ length: config.teams }, () => defer<WrittenPlan>());
    void (async () => {
      const written: string[] = [];
      let time = 0;
      for (let team = 0; team < config.teams; team++) {
        try {
          const result = await plan(team, time, written, guidedPlanTemperature);
          written.push(result.text);
          time = result.end;
          deferred[team]!.resolve(result);
        } catch (error) {
          deferred[team]!.reject(error);
          if (planning.controller.signal.aborted) {
            for (const rest of deferred.slice(team + 1)) rest.reject(error);
            return;
          }
        }
      }
    })();
    return deferred.map((entry) => entry.promise);
  }

  async function runAttempt(entry: Attempt): Promise<AttemptOutcome> {
    const attemptSignal = linkedController(query.controller.signal);
    entry.controller = attemptSignal.controller;
    entry.running = startTeamAttempt({
      query: options,
      llm: options.llm,
      plan: entry.plan.text,
      sampleOffset: (entry.team * config.maxAttempts + entry.attempt) * sampleStride(options.topology),
      start: entry.start,
      clock,
      virtual,
      signal: attemptSignal.controller.signal,
      nominalToolMs,
    });
    try {
      entry.outcome = await entry.running.outcome;
    } finally {
      void entry.running.result.finally(attemptSignal.unlink).catch(() => {});
    }
    return entry.outcome;
  }

  /** A retry's plan: none without planning, else one written in view of the failures known at `at`. */
  function replan(team: number, attempt: number, at: number): Promise<WrittenPlan> {
    if (config.planning === 'none') return Promise.resolve(noPlan(at));
    return writePlan({
      llm: planner,
      scope: scope(plannedBy(team, attempt), timelineAt(at)),
      task: task.name,
      problem,
      // Real time: every failure recorded so far; virtual: those from before this moment of simulated time.
      request: { problem, failures: memory.knownAt(virtual ? at : Infinity) },
      temperature: guidedPlanTemperature,
      sampleIndex: team * 16 + attempt,
    });
  }

  async function runTeam(team: number): Promise<void> {
    let next = initialPlans[team]!;
    try {
      for (let attempt = 0; attempt < config.maxAttempts; attempt++) {
        let plan: WrittenPlan;
        try {
          plan = await next;
        } catch (error) {
          const cancelled = error instanceof CallCancelledError || planning.controller.signal.aborted;
          attempts.push({ team, attempt, plan: { text: '', start: 0, end: 0, completionTokens: 0 }, start: 0, planFailure: { cancelled, message: messageOf(error) } });
          return;
        }
        const entry: Attempt = { team, attempt, plan, start: virtual ? plan.end : clock.now() };
        attempts.push(entry);
        // Real time: a plan that arrives after the cutoff starts nothing (virtual time cuts by the timelines).
        if (!virtual && realCutoff !== undefined) {
          entry.planFailure = { cancelled: true, message: 'stopped before it started' };
          return;
        }
        const outcome = await runAttempt(entry);
        if (outcome.status === 'succeeded') {
          successes.push(entry);
          if (!virtual && realCutoff === undefined && successes.length >= needed) stopTeams();
          return;
        }
        if (outcome.status === 'cancelled') return;
        memory.record({ team, attempt, plan: plan.text, log: outcome.failure ?? 'failed', at: outcome.end });
        if (attempt + 1 >= config.maxAttempts) return;
        await gate?.wait(team, outcome.end);
        if (enough(outcome.end)) return;
        next = replan(team, attempt + 1, outcome.end);
      }
    } finally {
      gate?.finish(team);
    }
  }

  try {
    const teamsDone = Promise.all(Array.from({ length: config.teams }, (_, team) => runTeam(team)));
    if (virtual) await teamsDone;
    else await Promise.race([stopped, teamsDone]);
    if (!virtual && realCutoff === undefined) realCutoff = clock.now();
    planning.controller.abort(); // nothing more to plan (real time: already stopped)

    // The cutoff, and the answers the query decides among, in finishing order.
    const finished = (entry: Attempt) => entry.outcome !== undefined;
    const byEnd = (a: Attempt, b: Attempt) => a.outcome!.end - b.outcome!.end || a.team - b.team || a.attempt - b.attempt;
    const ranked = [...successes].sort(byEnd);
    const cutoff = virtual
      ? ranked.length >= needed
        ? ranked[needed - 1]!.outcome!.end
        : Math.max(0, ...attempts.filter(finished).map((entry) => entry.outcome!.end), ...plannerRows.calls.map((call) => call.end))
      : realCutoff!;
    const decisive = ranked.filter((entry) => entry.outcome!.end <= cutoff).slice(0, needed);
    const fallback = decisive.length === 0;
    const pool = fallback
      ? attempts.filter((entry) => entry.outcome?.status === 'failed' && entry.outcome.answer !== null && entry.outcome.end <= cutoff).sort(byEnd)
      : decisive;
    const candidates: Candidate[] = pool.map((entry) => ({
      team: entry.team,
      text: entry.outcome!.text ?? '',
      answer: entry.outcome!.answer,
      correct: async () => (await entry.running!.result.catch(() => undefined))?.correct ?? false,
    }));

    const aggregation = linkedController(query.controller.signal);
    const aggregatorRows = new RowCollector();
    const aggregatorTimeline = timelineAt(cutoff);
    const choice = await chooseAnswer({
      task: task.name,
      problem,
      mode: config.mode,
      aggregator: config.aggregator,
      candidates,
      fallback,
      llm: { client: new TeamLlmClient(options.llm, aggregation.controller.signal, aggregatorRows), scope: scope('aggregate', aggregatorTimeline) },
    });
    aggregation.unlink();
    const end = virtual ? Math.max(cutoff, aggregatorTimeline.now()) : clock.now();

    // Nothing of the query may still run when it returns: wait for every stopped attempt to wind down.
    await teamsDone;
    await Promise.allSettled(attempts.map((entry) => entry.running?.result));
    const chosen = choice.index === null ? undefined : pool[choice.index];
    const chosenResult = chosen ? await chosen.running!.result.catch(() => undefined) : undefined;

    return assemble({ options, virtual, cutoff, end, attempts, plannerRows, aggregatorRows, chosen, chosenResult, successes: ranked, fellBack: choice.fellBack });
  } finally {
    planning.unlink();
    query.controller.abort(); // releases anything still listening (nothing should be running)
    query.unlink();
  }
}

interface AssembleInput {
  options: TeamsQueryOptions;
  virtual: boolean;
  cutoff: number;
  end: number;
  attempts: Attempt[];
  plannerRows: RowCollector;
  aggregatorRows: RowCollector;
  chosen: Attempt | undefined;
  chosenResult: QueryResult | undefined;
  successes: Attempt[];
  fellBack: boolean;
}

/** The query's result from what ran: rows on the query's timeline (cut at the cutoff in virtual time), totals, paths and the teams' report. */
async function assemble(input: AssembleInput): Promise<TeamsQueryResult> {
  const { options, virtual, cutoff, attempts } = input;
  const { config, problem } = options;
  const prices = options.llm.prices;
  const cutCall = (call: LlmCallRecord) => (virtual ? truncateCall(call, cutoff, prices) : call);
  const cutOperator = (record: OperatorRecord) => (virtual ? truncateOperator(record, cutoff) : record);

  // Sorted: concurrent plan calls finish in event-loop order, which must not change a trace or a sum.
  const planCalls = input.plannerRows.calls.map(cutCall).filter(isPresent).sort((a, b) => a.start - b.start || a.operator.localeCompare(b.operator));
  const aggregateCalls = input.aggregatorRows.calls; // after the cutoff by design: never cut
  const teamCalls: LlmCallRecord[] = [];
  const teamOperators: OperatorRecord[] = [];
  const reports: TeamAttemptReport[] = [];
  const results = new Map<Attempt, QueryResult>();
  for (const entry of attempts) {
    // An executor that threw has no result; its attempt was already reported failed by its outcome.
    const result = await entry.running?.result.catch(() => undefined);
    if (result) results.set(entry, result);
  }

  for (const entry of [...attempts].sort((a, b) => a.team - b.team || a.attempt - b.attempt)) {
    const label = `t${entry.team}a${entry.attempt}`;
    const calls = (entry.running?.rows.calls ?? [])
      .map((call) => cutCall({ ...call, operator: `${label}/${call.operator}`, start: call.start + entry.start, end: call.end + entry.start }))
      .filter(isPresent);
    const operators = (entry.running?.rows.operators ?? [])
      .map((record) => cutOperator({ ...record, node: `${label}/${record.node}`, start: record.start + entry.start, end: record.end + entry.start }))
      .filter(isPresent)
      .map((record) => (virtual ? withUsage(record, calls) : record));
    teamCalls.push(...calls);
    teamOperators.push(...operators);
    const planCall = planCalls.filter((call) => call.operator === `plan:${label}`);
    const own = [...planCall, ...calls];
    const status = statusOf(entry, virtual, cutoff);
    reports.push({
      team: entry.team,
      attempt: entry.attempt,
      status,
      plan: entry.plan.text,
      planStart: entry.plan.start,
      start: entry.start,
      end: status === 'not-started' ? entry.start : Math.min(entry.outcome?.end ?? entry.start, virtual ? cutoff : Infinity),
      answer: status === 'succeeded' || status === 'failed' ? (entry.outcome?.answer ?? null) : null,
      correct: status === 'succeeded' || status === 'failed' ? (results.get(entry)?.correct ?? false) : false,
      ...(status === 'failed' ? { failure: entry.outcome?.failure ?? entry.planFailure?.message ?? 'failed' } : {}),
      costUsd: round(sum(own, (call) => call.costUsd)),
      cancelledCalls: own.filter((call) => call.cancelled).length,
    });
  }

  const calls = [...planCalls, ...teamCalls, ...aggregateCalls];
  for (const row of [...calls, ...teamOperators]) options.trace?.write(row);
  const cancelled = calls.filter((call) => call.cancelled);

  // A team's final outcome: its last attempt that ended by the cutoff with a verdict (success, or its last failure).
  const teamEndMs = Array.from({ length: config.teams }, (_, team) => {
    const mine = reports.filter((report) => report.team === team);
    const last = mine[mine.length - 1];
    return last && (last.status === 'succeeded' || (last.status === 'failed' && last.attempt + 1 >= config.maxAttempts)) ? last.end : null;
  });
  const winner = input.chosen?.team ?? null;
  const winnerEnd = winner === null ? null : teamEndMs[winner];
  const winnerFinishRank = winner === null || winnerEnd === null || winnerEnd === undefined ? null : 1 + teamEndMs.filter((end, team) => team !== winner && end !== null && end < winnerEnd).length;

  const cpTokens = pathTokens(input, planCalls, results) + sum(aggregateCalls, (call) => call.completionTokens);
  const decidingResult = input.chosenResult;
  const operatorFailures = teamOperators.filter((record) => record.failed && reports.some((report) => record.node.startsWith(`t${report.team}a${report.attempt}/`) && (report.status === 'succeeded' || report.status === 'failed')));
  return {
    id: problem.id,
    topology: topologyToString(options.topology),
    scheduler: options.scheduler,
    answer: decidingResult?.answer ?? null,
    correct: decidingResult?.correct ?? false,
    status: decidingResult?.status ?? 'no_answer',
    costUsd: sum(calls, (call) => call.costUsd),
    billedUsd: sum(calls, (call) => call.billedUsd),
    promptTokens: sum(calls, (call) => call.promptTokens),
    completionTokens: sum(calls, (call) => call.completionTokens),
    llmCalls: calls.length,
    cacheHits: calls.filter((call) => call.cacheHit).length,
    cancelledCalls: cancelled.length,
    failures: operatorFailures.length,
    cpTokens,
    // The query's path is the deciding team's (planning, attempts, check) plus aggregation: its wall time.
    cpWallMs: input.end,
    wallMs: input.end,
    operators: teamOperators,
    teams: {
      ...config,
      oracle: config.mode === 'aggregate' && config.aggregator === 'best-of-k',
      winner,
      winnerFinishRank,
      cutoffMs: cutoff,
      successes: input.successes.filter((entry) => entry.outcome!.end <= cutoff).length,
      teamEndMs,
      planningCostUsd: round(sum(planCalls, (call) => call.costUsd)),
      aggregationCostUsd: round(sum(aggregateCalls, (call) => call.costUsd)),
      cancelledPromptTokens: sum(cancelled, (call) => call.promptTokens),
      cancelledCompletionTokens: sum(cancelled, (call) => call.completionTokens),
      aggregatorFellBack: input.fellBack,
      attempts: reports,
    },
  };
}

function statusOf(entry: Attempt, virtual: boolean, cutoff: number): AttemptStatus {
  if (entry.planFailure) return entry.planFailure.cancelled ? 'not-started' : 'failed';
  if (virtual && entry.start >= cutoff) return 'not-started';
  const outcome = entry.outcome;
  if (!outcome) return 'cancelled';
  if (virtual && outcome.end > cutoff) return 'cancelled';
  if (!virtual && outcome.status === 'cancelled' && (entry.running?.rows.calls.length ?? 0) === 0 && (entry.running?.rows.operators.length ?? 0) === 0) return 'not-started';
  return outcome.status;
}

/**
 * Completion tokens on the query's critical path: for each deciding team, its plans (in diverse
 * planning the whole chain of plans before its own), each attempt's path through the topology
 * and its self-check, in sequence; the query takes the longest deciding team (early stop: the winner).
 */
function pathTokens(input: AssembleInput, planCalls: LlmCallRecord[], results: Map<Attempt, QueryResult>): number {
  const { options, attempts, cutoff } = input;
  const planTokens = (team: number, attempt: number) => sum(planCalls.filter((call) => call.operator === `plan:t${team}a${attempt}`), (call) => call.completionTokens);
  const teamPath = (team: number, upTo: number): number => {
    let tokens = options.config.planning === 'diverse' ? sum(Array.from({ length: team }, (_, earlier) => planTokens(earlier, 0)), (t) => t) : 0;
    for (const entry of attempts.filter((a) => a.team === team && a.attempt <= upTo)) {
      tokens += planTokens(team, entry.attempt);
      const result = results.get(entry);
      if (result && entry.outcome) tokens += result.cpTokens + operatorProxyTokens(0, entry.outcome.toolMs);
    }
    return tokens;
  };
  const deciding = input.chosen
    ? options.config.mode === 'early-stop'
      ? [input.chosen]
      : input.successes.filter((entry) => entry.outcome!.end <= cutoff).slice(0, options.config.k)
    : [];
  const path = deciding.length > 0 ? deciding : attempts.filter((entry) => entry.outcome && entry.outcome.end <= cutoff);
  return Math.max(0, ...path.map((entry) => teamPath(entry.team, entry.attempt)));
}

/** An operator row cut at the cutoff carries the usage of its calls as cut. */
function withUsage(record: OperatorRecord, calls: readonly LlmCallRecord[]): OperatorRecord {
  const mine = calls.filter((call) => call.operator === record.node);
  return {
    ...record,
    llmCalls: mine.length,
    promptTokens: sum(mine, (call) => call.promptTokens),
    completionTokens: sum(mine, (call) => call.completionTokens),
    costUsd: sum(mine, (call) => call.costUsd),
  };
}

function linkedController(parent: AbortSignal | undefined): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (!parent) return { controller, unlink: () => {} };
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, unlink: () => {} };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) };
}

function defer<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A plan nobody waits for any more (its team stopped) must not become an unhandled rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
