import { join } from 'node:path';
import type { RunBackend } from '../backend/run-backend.ts';
import type { FailureCounts, TooManyFailuresError } from '../llm/failure-policy.ts';
import { IncompleteTraceError, type TraceWriteError } from '../llm/trace-writer.ts';
import type { Dataset } from '../tasks/dataset.ts';
import type { Task } from '../tasks/task.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { linkAbortSignal } from '../util/link-abort-signal.ts';
import type { Scheduler } from './execution-plan.ts';
import type { QueryResult } from './run-query.ts';
import { type QuerySolver, runQueries } from './run-queries.ts';
import type { SummaryContext } from './summarize-results.ts';
import { modelUsage } from './model-usage.ts';

/** A run of a task's problems under some strategy, on one backend. */
export interface StrategyRunOptions<R extends QueryResult, S> {
  task: Task;
  dataset: Dataset;
  scheduler: Scheduler;
  /** The backend and trace the caller opened (withRunBackend) and closes; `out`'s trace.jsonl is its writer. */
  backend: RunBackend;
  queriesInFlight: number;
  /** Run directory for summary.json, results.jsonl and trace.jsonl; none when undefined. */
  out?: string;
  runId: string;
  onResult?: (result: R) => void;
  /**
   * Ctrl-C: once it aborts, no query starts, the ones in flight are cancelled and left out, and the
   * queries that finished are summarised and written with `partial: true` and `planned` (the
   * problems the run was given); the run then resolves with `interrupted`.
   */
  signal?: AbortSignal;
  solve: QuerySolver<R>;
  summarize: (results: readonly R[], context: SummaryContext) => S;
}

export interface StrategyRun<R extends QueryResult, S> {
  summary: S;
  results: R[];
  /** Set when some trace rows could not be written: the results are whole, the trace is not. */
  incompleteTrace?: IncompleteTraceError;
  /** `signal` stopped the run: `results` and the summary (marked partial) hold the queries that finished. */
  interrupted?: true;
  /** The run's LLM calls and failed calls: a sharded evaluation's failed-call share is merged from them. */
  failureCounts: FailureCounts;
}

/**
 * The one runner behind `lamas run`, `eval`, sweeps and the teams strategy: runs the problems
 * concurrently under the budget on the caller's backend, summarises, writes the run directory.
 * A lost trace row under 'stop' (the backend's `traceStopped`) rejects with its TraceWriteError;
 * under 'count' the run returns `incompleteTrace`.
 */
export async function runStrategy<R extends QueryResult, S>(options: StrategyRunOptions<R, S>): Promise<StrategyRun<R, S>> {
  const { backend, trace, writer, traceStopped } = options.backend;
  // The run's queries stop on Ctrl-C, on a lost trace row under 'stop', and on too many failed calls (FailurePolicy).
  const cancel = linkAbortSignal(options.signal, traceStopped, backend.client.failures.signal);
  const signal = cancel.signal;
  try {
    const stopped = () => (traceStopped.aborted ? (traceStopped.reason as TraceWriteError) : undefined);
    const { results, budgetExceeded } = await runQueries(options.dataset.problems, {
      runId: options.runId,
      task: options.task,
      scheduler: options.scheduler,
      llm: backend.client,
      ...(backend.routes ? { models: backend.routes } : {}),
      sandbox: backend.sandbox,
      trace,
      signal,
      solve: options.solve,
      queriesInFlight: options.queriesInFlight,
      onResult: options.onResult,
      interrupt: options.signal,
    }).catch((error: unknown) => {
      throw stopped() ?? error;
    });
    const failure = stopped();
    if (failure) throw failure;
    // Judged once more at the end: a short run whose calls mostly failed is not a result either.
    const interrupted = options.signal?.aborted === true;
    const tooManyFailures = interrupted ? undefined : backend.client.failures.check(true);
    // Closed before summarising: a failed write some filesystems report only on close is counted too.
    writer?.close();
    const summarized = options.summarize(results, {
      task: options.task.name,
      backend: backend.label,
      simulated: backend.simulated,
      seed: options.backend.options.seed,
      scheduler: options.scheduler,
      budgetExceeded,
      traceErrors: trace.errors ?? 0,
      cache: backend.cache?.counts(),
    });
    // A provider's own fields (replay: recorded/synthesized counts) follow the common ones.
    // Several models: each one's usage and provider fields under `models` (one model: as before).
    const perModel = backend.routes ? { models: modelUsage(results, backend.models) } : {};
    const withProvider = backend.summaryFields || backend.routes ? ({ ...summarized, ...perModel, ...backend.summaryFields?.() } as S) : summarized;
    const summary = withPartial(withFailedCalls(withProvider, backend.client.failures.counts(), tooManyFailures), interrupted, options.dataset.problems.length);
    if (options.out) await writeRunDirectory(options.out, summary, results);
    if (tooManyFailures) {
      const kept = `summary.json and results.jsonl in ${options.out} hold the ${results.length} queries run before the stop`;
      throw options.out ? tooManyFailures.withDetail(kept) : tooManyFailures;
    }
    const stoppedEarly = { ...(interrupted ? { interrupted } : {}), failureCounts: backend.client.failures.counts() };
    if (!writer?.firstError) return { summary, results, ...stoppedEarly };
    const consequence = 'the answers, summary.json and results.jsonl are complete, the trace is not';
    return { summary, results, incompleteTrace: new IncompleteTraceError(writer.path, writer.errors, writer.firstError.reason, consequence), ...stoppedEarly };
  } finally {
    cancel.unlink();
  }
}

/**
 * Failed LLM calls, when there were any (a sim run has none, and its summary stays as it was):
 * `failedCalls`, `failedCallShare` of the finished calls, and `stopped` (the one-line cause) when
 * the failure policy stopped the run.
 */
function withFailedCalls<S>(summary: S, counts: FailureCounts, stop: TooManyFailuresError | undefined): S {
  if (counts.failedCalls === 0) return summary;
  return { ...summary, failedCalls: counts.failedCalls, failedCallShare: counts.failedCallShare, ...(stop ? { stopped: stop.message } : {}) };
}

/** An interrupted run's summary says so: `partial: true` and `planned`, the problems it was given. */
function withPartial<S>(summary: S, interrupted: boolean, planned: number): S {
  return interrupted ? { ...summary, partial: true, planned } : summary;
}

/** A run directory's results.jsonl (the results without their operator records) and summary.json. */
export async function writeRunDirectory(out: string, summary: unknown, results: readonly QueryResult[]): Promise<void> {
  const rows = results.map(({ operators: _operators, ...result }) => JSON.stringify(result));
  await writeFileAtomic(join(out, 'results.jsonl'), rows.length > 0 ? `${rows.join('\n')}\n` : '');
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
