import pLimit from 'p-limit';
import type { Problem } from '../tasks/task.ts';
import { type QueryResult, type QueryRunOptions, runQuery } from './run-query.ts';
import type { Topology } from './topology.ts';

/** What a run shares with each of its queries: everything a query needs but the problem and its topology. */
export type QueryServices = Omit<QueryRunOptions, 'problem' | 'topology'>;

/** One problem's run with the run's shared services: a topology through the executor, or parallel teams. */
export type QuerySolver<R extends QueryResult> = (problem: Problem, services: QueryServices) => Promise<R>;

/** The single strategy: each problem's topology (fixed for `lamas run`, sampled by the controller for eval) through the executor. */
export function topologySolver(topologyFor: (problem: Problem) => Topology): QuerySolver<QueryResult> {
  return (problem, services) => runQuery({ ...services, problem, topology: topologyFor(problem) });
}

export interface RunQueriesOptions<R extends QueryResult> extends QueryServices {
  solve: QuerySolver<R>;
  /** Queries run at once. */
  queriesInFlight: number;
  onResult?: (result: R) => void;
  /**
   * Ctrl-C: once it aborts (it should also abort `signal`, which cancels what is in flight), the
   * queries it cut short are left out of the results and of `onResult`, so what remains are the
   * queries that finished.
   */
  interrupt?: AbortSignal;
}

export interface RunQueriesResult<R extends QueryResult> {
  results: R[];
  /** The budget ran out: the queries after it were not started. */
  budgetExceeded: boolean;
}

/** Runs queries concurrently (capped); results keep the input order whatever finishes first. */
export async function runQueries<R extends QueryResult>(problems: readonly Problem[], options: RunQueriesOptions<R>): Promise<RunQueriesResult<R>> {
  const { solve, queriesInFlight, onResult, interrupt, ...services } = options;
  const limit = pLimit(queriesInFlight);
  const results = await Promise.all(
    problems.map((problem) =>
      limit(async () => {
        if (services.llm.budget.exceeded || services.signal?.aborted) return null;
        const result = await solve(problem, services);
        // Cut short by an interrupt (Ctrl-C): its calls were cancelled, so it is not a finished query.
        if (interrupt?.aborted) return null;
        onResult?.(result);
        return result;
      }),
    ),
  );
  return { results: results.filter((result): result is Awaited<R> => result !== null), budgetExceeded: services.llm.budget.exceeded };
}
