import { z } from 'zod';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { TraceWriter } from '../../llm/trace-writer.ts';
import { checkBindAddress } from '../../serve/check-bind-address.ts';
import { createServer } from '../../serve/create-server.ts';
import { UsageError } from '../../util/errors.ts';

/** cac turns numeric-looking values into numbers; a token or host is text whatever it looks like. */
const text = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1, 'must not be empty'));

export const serveOptionsSchema = backendOptionsSchema.extend({
  checkpoint: z.string({ error: 'is required (a checkpoint or training run directory)' }),
  host: text.default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  token: text.optional(),
  maxConcurrent: z.coerce.number().int().positive().default(16),
  bodyLimit: z.coerce.number().int().positive().default(256 * 1024),
  trace: z.string().optional(),
  json: z.boolean().default(false),
});
export type ServeOptions = z.infer<typeof serveOptionsSchema>;

export interface ServeSummary {
  url: string;
  model: string;
  backend: string;
  simulated: boolean;
  requests: number;
  queries: number;
  llmCalls: number;
  costUsd: number;
}

/** Environment fallback for the token, so it need not appear in the process list. */
export const tokenEnvVar = 'LAMAS_SERVE_TOKEN';

/**
 * Serves a trained controller until SIGTERM/SIGINT. The first signal stops accepting connections
 * and lets in-flight requests finish; a second one cancels their LLM calls. Resolves once shut down.
 */
export async function serve(options: ServeOptions): Promise<ServeSummary> {
  // An empty variable means unset: it must never pass for a token and open a public bind.
  const token = options.token ?? (process.env[tokenEnvVar] || undefined);
  // Refuse before loading anything, so the mistake costs nothing.
  checkBindAddress(options.host, token !== undefined);
  const trace = options.trace ? TraceWriter.open(options.trace) : undefined;
  try {
    const server = await createServer({ checkpoint: options.checkpoint, backend: options, token, maxConcurrent: options.maxConcurrent, bodyLimit: options.bodyLimit, trace });
    let url: string;
    try {
      url = await server.listen({ host: options.host, port: options.port });
    } catch (error) {
      await server.close();
      throw listenError(error, options);
    }
    const { controller, metrics } = server;
    process.stderr.write(
      `lamas serve: ${url}/v1 serving ${controller.modelId} (checkpoint ${options.checkpoint}) on ${options.llm}${options.llm.startsWith('sim:') ? ' — simulated: answers are placeholders' : ''}\n` +
        `  POST /v1/topology, /v1/solve, /v1/chat/completions · GET /v1/models, /healthz, /metrics${token ? ' · bearer token required' : ''}\n`,
    );
    await new Promise<void>((resolve) => {
      let draining = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (draining) {
          process.stderr.write(`lamas serve: ${signal} again, cancelling in-flight queries\n`);
          server.abortInFlight();
          return;
        }
        draining = true;
        process.stderr.write(`lamas serve: ${signal}, finishing ${metrics.queriesInFlight.value} in-flight queries (send it again to cancel them)\n`);
        void server.close().then(() => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve();
        });
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    return {
      url,
      model: controller.modelId,
      backend: options.llm,
      simulated: options.llm.startsWith('sim:'),
      requests: metrics.requests.sum(),
      queries: metrics.queries.sum(),
      llmCalls: metrics.llmCalls.sum(),
      costUsd: metrics.cost.sum(),
    };
  } finally {
    trace?.close();
  }
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
  return `lamas serve: stopped after ${summary.requests} requests (${summary.queries} queries, ${summary.llmCalls} LLM calls, $${summary.costUsd.toFixed(6)}${summary.simulated ? ', simulated' : ''})`;
}
