import { join } from 'node:path';
import { createBackend } from '../src/backend/create-llm-client.ts';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import type { Scheduler } from '../src/graph/execution-plan.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import { type QuerySolver, runQueries, topologySolver } from '../src/graph/run-queries.ts';
import { type RunSummary, type SummaryContext, summarizeResults } from '../src/graph/summarize-results.ts';
import type { Topology } from '../src/graph/topology.ts';
import { MemoryTrace, type TraceSink, TraceWriter } from '../src/llm/trace-writer.ts';
import type { Problem, Task } from '../src/tasks/task.ts';
import { writeFileAtomic } from '../src/util/atomic-write.ts';
import type { Dataset } from './resolve-dataset.ts';

/** A run of a task's problems under some strategy, on one backend. */
export interface StrategyRunOptions<R extends QueryResult, S> {
  task: Task;
  dataset: Dataset;
  scheduler: Scheduler;
  backend: BackendOptions;
  queriesInFlight: number;
  /** Run directory for summary.json, results.jsonl and trace.jsonl; none when undefined. */
  out?: string;
  runId: string;
  onResult?: (result: R) => void;
  signal?: AbortSignal;
  solve: QuerySolver<R>;
  summarize: (results: readonly R[], context: SummaryContext) => S;
}

export interface StrategyRun<R extends QueryResult, S> {
  summary: S;
  results: R[];
}

export interface BenchmarkOptions extends Omit<StrategyRunOptions<QueryResult, RunSummary>, 'solve' | 'summarize'> {
  topologyFor: (problem: Problem) => Topology;
}

export type BenchmarkRun = StrategyRun<QueryResult, RunSummary>;

/** Runs a task's problems through topologies on a backend and writes the run directory. */
export function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkRun> {
  const { topologyFor, ...rest } = options;
  return runStrategy({ ...rest, solve: topologySolver(topologyFor), summarize: summarizeResults });
}

/**
 * The one runner behind `lamas run`, `eval`, sweeps and the teams strategy: opens the trace and
 * backend, runs the problems concurrently under the budget, summarises, writes the run directory.
 */
export async function runStrategy<R extends QueryResult, S>(options: StrategyRunOptions<R, S>): Promise<StrategyRun<R, S>> {
  const trace: TraceSink & { close?: () => void } = options.out ? TraceWriter.open(join(options.out, 'trace.jsonl')) : new MemoryTrace();
  const backend = createBackend(options.backend, trace);
  try {
    const { results, budgetExceeded } = await runQueries(options.dataset.problems, {
      runId: options.runId,
      task: options.task,
      scheduler: options.scheduler,
      llm: backend.client,
      sandbox: backend.sandbox,
      publicTests: options.dataset.publicTests,
      trace,
      signal: options.signal,
      solve: options.solve,
      queriesInFlight: options.queriesInFlight,
      onResult: options.onResult,
    });
    const summary = options.summarize(results, {
      task: options.task.name,
      backend: backend.label,
      simulated: backend.client.simulated,
      seed: options.backend.seed,
      scheduler: options.scheduler,
      budgetExceeded,
    });
    if (options.out) await writeRunDirectory(options.out, summary, results);
    return { summary, results };
  } finally {
    trace.close?.();
    backend.close();
  }
}

async function writeRunDirectory(out: string, summary: unknown, results: readonly QueryResult[]): Promise<void> {
  const rows = results.map(({ operators: _operators, ...result }) => JSON.stringify(result));
  await writeFileAtomic(join(out, 'results.jsonl'), rows.length > 0 ? `${rows.join('\n')}\n` : '');
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
