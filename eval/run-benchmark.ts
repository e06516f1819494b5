import { type RunBackendOptions, withRunBackend } from '../src/backend/run-backend.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import { topologySolver } from '../src/graph/run-queries.ts';
import { runStrategy, type StrategyRun, type StrategyRunOptions } from '../src/graph/run-strategy.ts';
import { type RunSummary, summarizeResults } from '../src/graph/summarize-results.ts';
import type { Topology } from '../src/graph/topology.ts';
import type { Problem } from '../src/tasks/task.ts';

export interface BenchmarkOptions extends Omit<StrategyRunOptions<QueryResult, RunSummary>, 'solve' | 'summarize' | 'backend'>, RunBackendOptions {
  topologyFor: (problem: Problem) => Topology;
}

export type BenchmarkRun = StrategyRun<QueryResult, RunSummary>;

/** Runs a task's problems through topologies on a backend it opens and closes, and writes the run directory. */
export function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkRun> {
  const { topologyFor, backend, onTraceError, budget, ...rest } = options;
  return withRunBackend({ backend, out: rest.out, onTraceError, budget }, (run) => runStrategy({ ...rest, backend: run, solve: topologySolver(topologyFor), summarize: summarizeResults }));
}
