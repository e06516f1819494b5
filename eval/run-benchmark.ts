import { join } from 'node:path';
import { createBackend } from '../src/backend/create-llm-client.ts';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import type { Scheduler } from '../src/graph/execution-plan.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import { runQueries } from '../src/graph/run-queries.ts';
import { type RunSummary, summarizeResults } from '../src/graph/summarize-results.ts';
import type { Topology } from '../src/graph/topology.ts';
import { MemoryTrace, type TraceSink, TraceWriter } from '../src/llm/trace-writer.ts';
import type { Problem, Task } from '../src/tasks/task.ts';
import { writeFileAtomic } from '../src/util/atomic-write.ts';
import type { Dataset } from './resolve-dataset.ts';

export interface BenchmarkOptions {
  task: Task;
  dataset: Dataset;
  topologyFor: (problem: Problem) => Topology;
  scheduler: Scheduler;
  backend: BackendOptions;
  queriesInFlight: number;
  /** Run directory for summary.json, results.jsonl and trace.jsonl; none when undefined. */
  out?: string;
  runId: string;
  onResult?: (result: QueryResult) => void;
  signal?: AbortSignal;
}

export interface BenchmarkRun {
  summary: RunSummary;
  results: QueryResult[];
}

/** Sandboxed run time charged per run in virtual time (see RuntimeServices.nominalToolMs). */
const nominalToolMs = 100;

/** Runs a task's problems through topologies on a backend and writes the run directory. */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkRun> {
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
      nominalToolMs,
      topologyFor: options.topologyFor,
      queriesInFlight: options.queriesInFlight,
      onResult: options.onResult,
    });
    const summary = summarizeResults(results, {
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

async function writeRunDirectory(out: string, summary: RunSummary, results: QueryResult[]): Promise<void> {
  const rows = results.map(({ operators: _operators, ...result }) => JSON.stringify(result));
  await writeFileAtomic(join(out, 'results.jsonl'), rows.length > 0 ? `${rows.join('\n')}\n` : '');
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
