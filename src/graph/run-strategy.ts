import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { Dataset } from '../../eval/resolve-dataset.ts';
import type { BackendOptions } from '../backend/backend-options.ts';
import { createBackend } from '../backend/create-llm-client.ts';
import { IncompleteTraceError, MemoryTrace, type TraceSink, type TraceWriteError, TraceWriter } from '../llm/trace-writer.ts';
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
  /**
   * A trace row that cannot be written (a full disk): 'count' (default) — the answers stand, the
   * summary counts `traceErrors` and the run returns `incompleteTrace`; 'stop' — the run is
   * cancelled at the first one and rejects with its TraceWriteError (training must not go on
   * unrecorded).
   */
  onTraceError?: 'count' | 'stop';
}

export interface StrategyRun<R extends QueryResult, S> {
  summary: S;
  results: R[];
  /** Set when some trace rows could not be written: the results are whole, the trace is not. */
  incompleteTrace?: IncompleteTraceError;
}

/**
 * The one runner behind `lamas run`, `eval`, sweeps and the teams strategy: opens the trace and
 * backend, runs the problems concurrently under the budget, summarises, writes the run directory.
 */
export async function runStrategy<R extends QueryResult, S>(options: StrategyRunOptions<R, S>): Promise<StrategyRun<R, S>> {
  // A trace write never fails a call or a query (TraceWriter counts it); 'stop' cancels the run instead of going on.
  const stop = new AbortController();
  const onError =
    options.onTraceError === 'stop'
      ? (error: TraceWriteError) => {
          if (!stop.signal.aborted) stop.abort(error.withDetail('the run was stopped rather than go on unrecorded'));
        }
      : undefined;
  // Under 'stop' the thrown error is the one message; under 'count' the writer warns once as it happens.
  const writer = options.out ? TraceWriter.open(join(options.out, 'trace.jsonl'), onError ? { onError, warn: () => undefined } : {}) : undefined;
  const trace: TraceSink = writer ?? new MemoryTrace();
  const signal = onError ? anySignal(options.signal, stop.signal) : options.signal;
  const backend = createBackend(options.backend, trace);
  try {
    const stopped = () => (stop.signal.aborted ? (stop.signal.reason as TraceWriteError) : undefined);
    const { results, budgetExceeded } = await runQueries(options.dataset.problems, {
      runId: options.runId,
      task: options.task,
      scheduler: options.scheduler,
      llm: backend.client,
      sandbox: backend.sandbox,
      publicTests: options.dataset.publicTests,
      trace,
      signal,
      solve: options.solve,
      queriesInFlight: options.queriesInFlight,
      onResult: options.onResult,
    }).catch((error: unknown) => {
      throw stopped() ?? error;
    });
    const failure = stopped();
    if (failure) throw failure;
    // Closed before summarising: a failed write some filesystems report only on close is counted too.
    writer?.close();
    const summary = options.summarize(results, {
      task: options.task.name,
      backend: backend.label,
      simulated: backend.client.simulated,
      seed: options.backend.seed,
      scheduler: options.scheduler,
      budgetExceeded,
      traceErrors: trace.errors ?? 0,
      cache: backend.cache?.counts(),
    });
    if (options.out) await writeRunDirectory(options.out, summary, results);
    if (!writer?.firstError) return { summary, results };
    const consequence = 'the answers, summary.json and results.jsonl are complete, the trace is not';
    return { summary, results, incompleteTrace: new IncompleteTraceError(writer.path, writer.errors, writer.firstError.reason, consequence) };
  } finally {
    writer?.close();
    backend.close();
  }
}

/** Aborts when either signal does (the caller's, or the run's own stop). */
function anySignal(outer: AbortSignal | undefined, own: AbortSignal): AbortSignal {
  const signal = outer ? AbortSignal.any([outer, own]) : own;
  // Every query in flight listens on it.
  setMaxListeners(0, signal);
  return signal;
}

async function writeRunDirectory(out: string, summary: unknown, results: readonly QueryResult[]): Promise<void> {
  const rows = results.map(({ operators: _operators, ...result }) => JSON.stringify(result));
  await writeFileAtomic(join(out, 'results.jsonl'), rows.length > 0 ? `${rows.join('\n')}\n` : '');
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
