import type { CallScope } from '../llm/llm-client.ts';
import type { Timeline } from '../llm/timeline.ts';
import { type LinkedAbortSignal, linkAbortSignal } from '../util/link-abort-signal.ts';
import type { FailureMemory } from './failure-memory.ts';
import type { PlanRequest } from './plan-prompts.ts';
import { RowCollector } from './row-collector.ts';
import { planOperator } from './team-attempt.ts';
import { TeamLlmClient } from './team-llm-client.ts';
import { planSampleIndex } from './team-sample-streams.ts';
import type { TeamsQueryOptions } from './teams-query-options.ts';
import { guidedPlanTemperature, repeatedPlanTemperature, type WrittenPlan, writePlan } from './write-plan.ts';

export interface TeamPlannerInput {
  query: TeamsQueryOptions;
  virtual: boolean;
  /** A timeline for a call that starts at `time` on the query's timeline. */
  timelineAt: (time: number) => Timeline;
  /** The call scope of a team-level call (operator `plan:t<team>a<attempt>`). */
  scope: (operator: string, timeline: Timeline) => CallScope;
  /** The query's failure memory: a retry's plan is written in view of it. */
  memory: FailureMemory;
  /** The query's signal; the planner links its own to it. */
  signal: AbortSignal;
}

/**
 * Writes the teams' plans (M1-Parallel). `repeated`: one prompt sampled once per team at a high
 * temperature; `diverse`: each plan asked for once the previous one is written, in view of all
 * before it; `none` (ours): no planner call, every attempt starts at once with the topology's own
 * prompts. A retry's plan is written in view of every failure known when it is asked for. The
 * planner's calls listen on a signal of their own, stopped once the query has its answers.
 */
export class TeamPlanner {
  /** The plan calls, on the query's timeline. */
  readonly rows = new RowCollector();
  private readonly link: LinkedAbortSignal;
  private readonly client: TeamLlmClient;

  constructor(private readonly input: TeamPlannerInput) {
    this.link = linkAbortSignal(input.signal);
    this.client = new TeamLlmClient(input.query.llm, this.link.signal, this.rows);
  }

  /** Whether the planner was stopped (a plan that failed now was cancelled, not broken). */
  get stopped(): boolean {
    return this.link.signal.aborted;
  }

  /** Nothing more to plan: plan calls in flight are cancelled, no new one starts. */
  stop(): void {
    this.link.abort();
  }

  /** The query is over: stop listening on its signal. */
  unlink(): void {
    this.link.unlink();
  }

  /** Every team's first plan, all asked for now (diverse: in a chain, each once the previous is written). */
  initialPlans(): Array<Promise<WrittenPlan>> {
    const { teams, planning } = this.input.query.config;
    const problem = this.input.query.problem;
    if (planning === 'none') return Array.from({ length: teams }, () => Promise.resolve(noPlan(0)));
    if (planning === 'repeated') return Array.from({ length: teams }, (_, team) => this.write(team, 0, 0, { problem, others: [] }, repeatedPlanTemperature));
    const deferred = Array.from({ length: teams }, () => defer<WrittenPlan>());
    void (async () => {
      const written: string[] = [];
      let time = 0;
      for (let team = 0; team < teams; team++) {
        try {
          const result = await this.write(team, 0, time, { problem, others: written }, guidedPlanTemperature);
          written.push(result.text);
          time = result.end;
          deferred[team]!.resolve(result);
        } catch (error) {
          deferred[team]!.reject(error);
          if (this.stopped) {
            for (const rest of deferred.slice(team + 1)) rest.reject(error);
            return;
          }
        }
      }
    })();
    return deferred.map((entry) => entry.promise);
  }

  /** A retry's plan: none without planning, else one written in view of the failures known at `at`. */
  replan(team: number, attempt: number, at: number): Promise<WrittenPlan> {
    if (this.input.query.config.planning === 'none') return Promise.resolve(noPlan(at));
    // Real time: every failure recorded so far; virtual: those from before this moment of simulated time.
    const failures = this.input.memory.knownAt(this.input.virtual ? at : Infinity);
    return this.write(team, attempt, at, { problem: this.input.query.problem, failures }, guidedPlanTemperature);
  }

  private write(team: number, attempt: number, at: number, request: PlanRequest, temperature: number): Promise<WrittenPlan> {
    const { task, problem } = this.input.query;
    const scope = this.input.scope(planOperator(team, attempt), this.input.timelineAt(at));
    return writePlan({ llm: this.client, scope, task, problem, request, temperature, sampleIndex: planSampleIndex(team, attempt) });
  }
}

/** Planning `none`: an attempt starts at `at` with no plan, so its prompts are the topology's own. */
function noPlan(at: number): WrittenPlan {
  return { text: '', start: at, end: at, completionTokens: 0 };
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
