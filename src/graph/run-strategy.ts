import { join } from 'node:path';
import type { Dataset } from '../../eval/resolve-dataset.ts';
import type { BackendOptions } from '../backend/backend-options.ts';
import { createBackend } from '../backend/create-llm-client.ts';
import { MemoryTrace, type TraceSink, TraceWriter } from '../llm/trace-writer.ts';
import type { Task } from '../tasks/task.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { Scheduler } from './execution-plan.ts';
import type { QueryResult } from './run-query.ts';
import { type QuerySolver, runQueries } from './run-queries.ts';
import type { SummaryContext } from './summarize-results.ts';

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
