import type { z } from 'zod';
import cluster from 'node:cluster';
import { resolveLlm } from '../../backend/provider-registry.ts';
import { declaredModels } from '../../backend/model-declarations.ts';
import { TraceWriter } from '../../llm/trace-writer.ts';
import { checkBindAddress } from '../../serve/check-bind-address.ts';
import { createServer, type LamasServer } from '../../serve/create-server.ts';
import { type MetricsSnapshot, ServeMetrics } from '../../serve/metrics.ts';
import { shouldWatchParent, watchParent } from '../../serve/parent-watch.ts';
import { PrimaryChannel } from '../../serve/primary-channel.ts';
import { WorkerPool, workerIndexEnvVar } from '../../serve/worker-pool.ts';
import { type ServeLimits, workerShare } from '../../serve/worker-share.ts';
import { UsageError } from '../../util/errors.ts';
import { flagIoErrorSync } from '../../util/output-errors.ts';
import { withLlmCheck } from '../../backend/backend-options.ts';
import { serveFlags, tokenEnvVar } from '../command-options.ts';

export const serveOptionsSchema = withLlmCheck(serveFlags);
export type ServeOptions = z.infer<typeof serveOptionsSchema>;

export interface ServeSummary {
  url: string;
  model: string;
  backend: string;
  simulated: boolean;
  workers: number;
  requests: number;
  queries: number;
  llmCalls: number;
  costUsd: number;
  /** Rows that could not be written to --trace (the answers were unaffected); more than 0 exits 1. */
  traceErrors: number;
}

export { tokenEnvVar };

/**
 * Serves a trained controller until SIGTERM/SIGINT. The first signal stops accepting connections,
 * closes the ones not serving a request and lets in-flight requests finish (for up to
 * --drain-timeout); a second one cancels their LLM calls and closes every connection. Resolves once shut
 * down. With `--workers N` this process forks N workers that share the port and returns their
 * summed summary; a worker (started that way) returns null, since the primary reports.
 */
export async function serve(options: ServeOptions): Promise<ServeSummary | null> {
  // An empty variable means unset: it must never pass for a token and open a public bind.
  const token = options.token ?? (process.env[tokenEnvVar] || undefined);
  // Refuse before loading anything, so the mistake costs nothing.
  checkBindAddress(options.host, token !== undefined);
  const limits = workerShare(options, options.workers);
  const slot = options.workers > 1 ? workerSlot(options.workers) : undefined;
  if (options.workers === 1) {
    const served = await runServer({ ...options, ...limits }, token, undefined, (url, model) => process.stderr.write(banner(url, model, options, token)));
    return summary(options, served.url, served.model, [served.snapshot]);
  }
  if (slot === undefined) return servePrimary(options, token);
  // Listening to the primary from the first moment, so a drain sent during loading is kept.
  const channel = new PrimaryChannel(slot.index, options.workers, slot.generation);
  try {
    const served = await runServer({ ...options, ...limits }, token, channel, (url, model) => channel.ready(url, model));
    await channel.stopped(served.snapshot);
    return null;
  } finally {
    channel.detach();
  }
}

/** The primary of `--workers N`: forks the workers, prints one banner, relays signals, sums what they served. */
async function servePrimary(options: ServeOptions, token: string | undefined): Promise<ServeSummary> {
  const log = (line: string) => process.stderr.write(`lamas serve: ${line}\n`);
  const pool = new WorkerPool({ size: options.workers, replaceCrashed: options.maxCost === undefined, log });
  const stopSignals = onShutdownSignals({
    drain: (cause, again) => {
      log(`${cause}, finishing in-flight queries in ${options.workers} workers (for up to ${options.drainTimeout} s; ${again} to cancel them)`);
      pool.drain();
    },
    abort: (signal, count) => {
      log(count === 1 ? `${signal} again, cancelling in-flight queries (a third one kills the workers)` : `${signal} again`);
      pool.abort();
    },
  }, true);
  try {
    const started = await pool.start();
    if (started) process.stderr.write(banner(started.url, started.model, options, token));
    return summary(options, started?.url ?? '', started?.model ?? '', await pool.stopped());
  } finally {
    stopSignals();
  }
}

interface Served {
  url: string;
  model: string;
  snapshot: MetricsSnapshot;
}

/**
 * One server process from start to a finished shutdown (alone, or as one of the workers). Signal
 * handlers and the primary's orders are in place before the checkpoint loads: a drain that comes
 * early is carried out once the server listens, and a worker is never killed by a Ctrl-C it had
 * no handler for yet.
 */
async function runServer(
  options: ServeOptions & ServeLimits,
  token: string | undefined,
  channel: PrimaryChannel | undefined,
  onListening: (url: string, model: string) => void,
): Promise<Served> {
  let server: LamasServer | undefined;
  let listening = false;
  let drainAsked = false;
  let abortAsked = false;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let deadline: NodeJS.Timeout | undefined;
  /** Drains; whatever is still in flight after --drain-timeout is cancelled and its connection closed. */
  const close = (running: LamasServer) => {
    deadline = setTimeout(() => {
      process.stderr.write(`lamas serve: ${channel ? `worker ${channel.index}: ` : ''}--drain-timeout of ${options.drainTimeout} s passed, cancelling ${running.metrics.queriesInFlight.value} in-flight queries\n`);
      running.abortInFlight();
    }, options.drainTimeout * 1000);
    deadline.unref();
    void running.close().then(finished);
  };
  const drain = () => {
    if (drainAsked) return;
    drainAsked = true;
    if (listening) close(server!);
  };
  const abort = () => {
    abortAsked = true;
    server?.abortInFlight();
  };
  // A worker's own signals (a terminal's Ctrl-C reaches the whole process group) count like the
  // primary's orders; only a lone server says what it is doing.
  const stopSignals = onShutdownSignals(
    {
      drain: (cause, again) => {
        if (!channel) process.stderr.write(`lamas serve: ${cause}, finishing ${server?.metrics.queriesInFlight.value ?? 0} in-flight queries (for up to ${options.drainTimeout} s; ${again} to cancel them)\n`);
        drain();
      },
      abort: (signal) => {
        if (!channel) process.stderr.write(`lamas serve: ${signal} again, cancelling in-flight queries\n`);
        abort();
      },
    },
    // A worker's parent is the primary, which orders its drain itself.
    !channel,
  );
  channel?.obey({ drain, abort });
  // A --trace that cannot be opened (an unwritable directory) is exit 2 naming the flag.
  const tracePath = options.trace;
  const trace = tracePath ? flagIoErrorSync('--trace', tracePath, () => TraceWriter.open(tracePath)) : undefined;
  try {
    server = await createServer({ checkpoint: options.checkpoint, backend: options, token, maxConcurrent: options.maxConcurrent, bodyLimit: options.bodyLimit, maxQueryChars: options.maxQueryChars, trace, worker: channel });
    const { controller, metrics } = server;
    channel?.serveSnapshots(() => metrics.snapshot());
    let url: string;
    try {
      url = await server.listen({ host: options.host, port: options.port });
    } catch (error) {
      await server.close();
      throw listenError(error, options);
    }
    listening = true;
    onListening(url, controller.modelId);
    if (abortAsked) server.abortInFlight();
    if (drainAsked) close(server);
    await done;
    return { url, model: controller.modelId, snapshot: metrics.snapshot() };
  } finally {
    clearTimeout(deadline);
    stopSignals();
    trace?.close();
  }
}

/**
 * SIGINT/SIGTERM: the first drains, every later one aborts (`count` 1, 2, ...). Returns the
 * function that stops listening. With `parentWatch`, and when a package manager started this
 * process (npx, npm exec, npm run: parent-watch.ts), the end of the process that launched it
 * drains too, as a first signal would — npm passes a `kill` on to its shell only. It never
 * escalates: a Ctrl-C in a terminal reaches lamas and npm's shell alike, and the shell's end must
 * not turn that first signal's drain into a cancel. `again` says what to send to cancel.
 */
function onShutdownSignals(
  handlers: { drain(cause: string, again: string): void; abort(signal: NodeJS.Signals, count: number): void },
  parentWatch = false,
): () => void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) handlers.drain(signal, 'send it again');
    else handlers.abort(signal, signals - 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopWatch = parentWatch && shouldWatchParent()
    ? watchParent(({ pid, name }) => {
        if (signals > 0) return;
        signals++;
        handlers.drain(`${name} (pid ${pid}), which launched lamas, exited`, 'send SIGTERM');
      })
    : () => {};
  return () => {
    stopWatch();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** This process's worker index when the primary forked it, undefined in the primary itself. */
function workerSlot(workers: number): { index: number; generation: number } | undefined {
  if (!cluster.isWorker) return undefined;
  const raw = process.env[workerIndexEnvVar] ?? '';
  const match = /^(\d+)\.(\d+)$/.exec(raw);
  if (!match || Number(match[1]) >= workers) throw new UsageError(`${workerIndexEnvVar} must be <index>.<generation> with an index below ${workers}, got ${JSON.stringify(raw)}`);
  return { index: Number(match[1]), generation: Number(match[2]) };
}

function banner(url: string, model: string, options: ServeOptions, token: string | undefined): string {
  const workers = options.workers > 1 ? ` · ${options.workers} workers` : '';
  return (
    `lamas serve: ${url}/v1 serving ${model} (checkpoint ${options.checkpoint}) on ${options.models ?? options.llm}${anySimulated(options) ? ' — simulated: answers are placeholders' : ''}${workers}\n` +
    `  POST /v1/topology, /v1/solve, /v1/chat/completions · GET /v1/models, /healthz, /metrics${token ? ' · bearer token required' : ''}\n`
  );
}

/** The summary of what the processes served, from their final metrics. */
function summary(options: ServeOptions, url: string, model: string, finals: readonly MetricsSnapshot[]): ServeSummary {
  const metrics = ServeMetrics.merged(finals);
  return {
    url,
    model,
    backend: options.models ?? options.llm,
    simulated: anySimulated(options),
    workers: options.workers,
    requests: metrics.requests.sum(),
    queries: metrics.queries.sum(),
    llmCalls: metrics.llmCalls.sum(),
    costUsd: metrics.cost.sum(),
    traceErrors: metrics.traceErrors.sum(),
  };
}

/** Some declared model (--llm, or any of --models) is simulated. */
function anySimulated(options: ServeOptions): boolean {
  return declaredModels(options).some((model) => resolveLlm(model.backend).provider.simulated);
}

/** Bind failures name the flag to change rather than surfacing as a crash. */
function listenError(error: unknown, options: ServeOptions): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return new UsageError(`port ${options.port} is already in use on ${options.host}`, '--port');
  if (code === 'EACCES') return new UsageError(`no permission to bind port ${options.port}`, '--port');
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new UsageError(`cannot bind ${options.host}: not an address of this machine`, '--host');
  return error;
}

export function renderServeSummary(summary: ServeSummary): string {
  return `lamas serve: stopped after ${summary.requests} requests${summary.workers > 1 ? ` across ${summary.workers} workers` : ''} (${summary.queries} queries, ${summary.llmCalls} LLM calls, $${summary.costUsd.toFixed(6)}${summary.simulated ? ', simulated' : ''})`;
}
