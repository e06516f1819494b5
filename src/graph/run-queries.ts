import pLimit from 'p-limit';
import type { Problem } from '../tasks/task.ts';
import { type QueryResult, type QueryRunOptions, runQuery } from './run-query.ts';
import type { Topology } from './topology.ts';

export interface RunQueriesOptions extends Omit<QueryRunOptions, 'problem' | 'topology'> {
  /** The topology per query: fixed for `lamas run`, sampled by the controller for eval. */
  topologyFor: (problem: Problem) => Topology;
  /** Queries run at once. */
  queriesInFlight: number;
  onResult?: (result: QueryResult) => void;
}

export interface RunQueriesResult {
  results: QueryResult[];
  /** The budget ran out: the queries after it were not started. */
  budgetExceeded: boolean;
}

/** Runs queries concurrently (capped); results keep the input order whatever finishes first. */
export async function runQueries(problems: readonly Problem[], options: RunQueriesOptions): Promise<RunQueriesResult> {
  const limit = pLimit(options.queriesInFlight);
  const results = await Promise.all(
    problems.map((problem) =>
      limit(async () => {
        if (options.llm.budget.exceeded || options.signal?.aborted) return null;
        const result = await runQuery({ ...options, problem, topology: options.topologyFor(problem) });
        options.onResult?.(result);
        return result;
      }),
    ),
  );
  return { results: results.filter((result): result is QueryResult => result !== null), budgetExceeded: options.llm.budget.exceeded };
}
