import { join } from 'node:path';
import type { Budget } from '../llm/budget.ts';
import { MemoryTrace, type TraceSink, type TraceWriteError, TraceWriter } from '../llm/trace-writer.ts';
import type { BackendOptions } from './backend-options.ts';
import { type Backend, createBackend } from './create-llm-client.ts';
import { preflightModels } from './preflight.ts';

/** What a run's backend is opened from: the backend flags, the run directory and the trace policy. */
export interface RunBackendOptions {
  backend: BackendOptions;
  /** Run directory: its trace.jsonl is opened here; an in-memory trace when undefined. */
  out?: string;
  /**
   * A trace row that cannot be written (a full disk): 'count' (default) — the answers stand, the
   * summary counts `traceErrors`; 'stop' — `traceStopped` aborts at the first one with its
   * TraceWriteError, so the run is cancelled (training must not go on unrecorded).
   */
  onTraceError?: 'count' | 'stop';
  /** A budget shared with another run (evaluateController's second pass): --max-cost then holds over both. */
  budget?: Budget;
}

/**
 * One run's backend and the trace that feeds it, owned by whoever opened it (`withRunBackend`):
 * the executor (src/graph/run-strategy.ts) runs queries on it and never opens or closes it.
 */
export interface RunBackend {
  options: BackendOptions;
  backend: Backend;
  trace: TraceSink;
  /** trace.jsonl of the run directory, when there is one. */
  writer: TraceWriter | undefined;
  /** Aborted, with the TraceWriteError as reason, at the first lost trace row under 'stop'. */
  traceStopped: AbortSignal;
}

/** Opens the run's backend (after its preflight) and trace, runs `body`, then closes both. */
export async function withRunBackend<T>(options: RunBackendOptions, body: (run: RunBackend) => Promise<T>): Promise<T> {
  // Before anything is paid or written: a backend that cannot work fails here with its cause.
  const probe = await preflightModels(options.backend);
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
  const backend = createBackend(options.backend, trace, undefined, probe, options.budget);
  try {
    return await body({ options: options.backend, backend, trace, writer, traceStopped: stop.signal });
  } finally {
    writer?.close();
    backend.close();
  }
}
