import { createHash, timingSafeEqual } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type onRequestHookHandler } from 'fastify';
import type { BackendOptions } from '../backend/backend-options.ts';
import { createBackend } from '../backend/create-llm-client.ts';
import { checkBackendServesController } from '../backend/check-controller-models.ts';
import { loadController } from '../controller/load-controller.ts';
import type { TraceSink } from '../llm/trace-writer.ts';
import { ApiError, sendApiError } from './api-error.ts';
import { checkBindAddress } from './check-bind-address.ts';
import { answerClientError } from './client-error.ts';
import { ConcurrencyGate } from './concurrency-gate.ts';
import { ConnectionTracker } from './connections.ts';
import { type MetricsSnapshot, metricsTrace, ServeMetrics } from './metrics.ts';
import { defaultMaxQueryChars } from './request-schemas.ts';
import { chatRoutes } from './routes/chat-routes.ts';
import { opsRoutes } from './routes/ops-routes.ts';
import { solveRoutes } from './routes/solve-routes.ts';
import { topologyRoutes } from './routes/topology-routes.ts';
import type { ServeContext } from './serve-context.ts';
import { ServedController } from './served-controller.ts';

/** After an abort during shutdown, cancelled queries get this long to send their answer before every connection is closed. */
export const abortGraceMs = 1000;

export interface ServerOptions {
  /** A checkpoint or training run directory. */
  checkpoint: string;
  backend: BackendOptions;
  /** When set, every route but /healthz needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Queries (solve and chat) run at once; more get a 429. */
  maxConcurrent: number;
  /** Largest request body in bytes; more gets a 413. */
  bodyLimit: number;
  /** Longest query in characters (UTF-16 code units); more gets a 400. Default `defaultMaxQueryChars`. */
  maxQueryChars?: number;
  /** Also receives every trace row (LLM calls and operators) of served queries. */
  trace?: TraceSink;
  /** Set when this process is one of several `--workers` behind one port. */
  worker?: ServeWorker;
}

/** What a worker process needs to know of the others. */
export interface ServeWorker {
  index: number;
  count: number;
  /** 0 for the first process in this slot, then 1, 2, ... for replacements of crashed ones. */
  generation: number;
  /** Every worker's metrics (this one's included), for a /metrics that describes the whole server. */
  gatherMetrics(local: ServeMetrics): Promise<MetricsSnapshot[]>;
}

export interface LamasServer {
  app: FastifyInstance;
  metrics: ServeMetrics;
  controller: ServedController;
  /** Binds (refusing a non-loopback host without a token) and returns the base URL, e.g. http://127.0.0.1:8080. */
  listen(address: { host: string; port: number }): Promise<string>;
  /**
   * Stops accepting connections, closes at once every connection that is not serving a request
   * (silent, half-sent or idle ones too), lets in-flight requests finish and closes each
   * connection as its last response ends, then releases the model and backend. Idempotent.
   */
  close(): Promise<void>;
  /**
   * Aborts every in-flight query's LLM calls (a shutdown that should not wait any longer); once
   * closing, every connection still open is closed `abortGraceMs` later, answered or not.
   */
  abortInFlight(): void;
}

/**
 * Builds the HTTP server around one trained controller and one backend, without listening, so
 * tests can `inject` or listen on port 0. Routes live one group per file under routes/.
 */
export async function createServer(options: ServerOptions): Promise<LamasServer> {
  const metrics = new ServeMetrics();
  const backend = createBackend(options.backend, metricsTrace(metrics, options.trace));
  backend.cache?.onEvent((event) => metrics.observeCacheEvent(event));
  let controller: ServedController;
  try {
    // The backend model lets an `embeddings:` encoder reach its server; `hash` ignores it.
    const loaded = await loadController(options.checkpoint, undefined, backend.client.model);
    checkBackendServesController(options.backend, loaded.checkpoint.spec);
    controller = new ServedController(loaded, options.backend.seed, options.worker);
  } catch (error) {
    backend.close();
    throw error;
  }
  const shutdown = new AbortController();
  // Every request in flight links its own signal to it (abortOnDisconnect) and unlinks when it ends.
  setMaxListeners(0, shutdown.signal);
  const { worker } = options;
  const context: ServeContext = {
    controller,
    backend,
    metrics,
    gate: new ConcurrencyGate(options.maxConcurrent),
    maxQueryChars: options.maxQueryChars ?? defaultMaxQueryChars,
    shutdown: shutdown.signal,
    worker: worker?.index ?? 0,
    metricsText: async () => (worker ? ServeMetrics.merged(await worker.gatherMetrics(metrics)) : metrics).render(),
  };

  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Errors no route sees, in the OpenAI shape too: the HTTP parser's (431, 414, 400, 408), a URL
    // that does not decode, a request during shutdown (503) and one without Host (node's bare 400).
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => sendApiError(reply, frameworkApiError(error, options.bodyLimit)),
    return503OnClosing: false,
    http: { requireHostHeader: false },
  });
  const connections = new ConnectionTracker(app.server);
  let closing: Promise<void> | undefined;
  let forceClose: NodeJS.Timeout | undefined;
  const closeAllSoon = () => {
    forceClose ??= setTimeout(() => connections.closeAll(), abortGraceMs);
    forceClose.unref();
  };
  app.addHook('onRequest', (request, reply, done) => {
    const started = performance.now();
    metrics.requestsInFlight.value++;
    // The response's close covers normal, hijacked (SSE) and aborted exchanges alike.
    reply.raw.once('close', () => {
      metrics.requestsInFlight.value--;
      const status = reply.raw.writableEnded ? reply.raw.statusCode : 499;
      metrics.observeRequest(request.routeOptions.url ?? 'unmatched', request.method, status, (performance.now() - started) / 1000);
    });
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    // Only a request pipelined behind one in flight, or racing the close of its connection, gets here.
    if (closing) return void sendApiError(reply, new ApiError(503, 'the server is shutting down; retry on a new connection', 'server_error', null, 'shutting_down', { connection: 'close' }));
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return void sendApiError(reply, new ApiError(400, 'malformed HTTP request: HTTP/1.1 needs a Host header', 'invalid_request_error', null, 'bad_request', { connection: 'close' }));
    }
    done();
  });
  if (options.token !== undefined) app.addHook('onRequest', bearerCheck(options.token));

  app.setErrorHandler((error: FastifyError, _request, reply) => sendApiError(reply, toApiError(error, options.bodyLimit)));
  app.setNotFoundHandler((request, reply) => sendApiError(reply, new ApiError(404, `no route ${request.method} ${request.url.split('?')[0]}`, 'invalid_request_error', null, 'not_found')));

  topologyRoutes(app, context);
  solveRoutes(app, context);
  chatRoutes(app, context);
  opsRoutes(app, context);

  return {
    app,
    metrics,
    controller,
    async listen({ host, port }) {
      checkBindAddress(host, options.token !== undefined);
      await app.listen({ host, port });
      const address = app.server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shown}:${address.port}`;
    },
    close() {
      if (!closing) {
        connections.drain();
        if (shutdown.signal.aborted) closeAllSoon();
        closing = app.close().finally(() => {
          clearTimeout(forceClose);
          controller.dispose();
          backend.close();
        });
      }
      return closing;
    },
    abortInFlight() {
      shutdown.abort(new Error('the server is shutting down'));
      if (closing) closeAllSoon();
    },
  };
}

/** `Authorization: Bearer <token>`; compared as digests in constant time so timing leaks nothing about the token. */
function bearerCheck(token: string): onRequestHookHandler {
  const expected = digest(token);
  return (request, reply, done) => {
    if (request.routeOptions.url === '/healthz') return done();
    const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]!.trim()), expected)) return done();
    sendApiError(
      reply,
      new ApiError(401, match ? 'Incorrect bearer token' : 'Missing bearer token: send Authorization: Bearer <token>', 'authentication_error', null, 'invalid_api_key', { 'www-authenticate': 'Bearer' }),
    );
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Errors Fastify meets before routing (a URL that does not decode, a path parameter too long). */
function frameworkApiError(error: FastifyError, bodyLimit: number): ApiError {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new ApiError(400, `url: ${error.message}`, 'invalid_request_error', null, 'bad_url');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError(414, `url: ${error.message}`, 'invalid_request_error', null, 'uri_too_long');
    default:
      return toApiError(error, bodyLimit);
  }
}

/** Fastify's own errors (body too large, bad JSON, wrong content type) in the OpenAI error shape. */
function toApiError(error: FastifyError | ApiError, bodyLimit: number): ApiError {
  if (error instanceof ApiError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, `body: larger than the limit of ${bodyLimit} bytes (--body-limit)`, 'invalid_request_error', null, 'body_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'body: send JSON with content-type: application/json', 'invalid_request_error', null, 'unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'body: empty; send a JSON object', 'invalid_request_error', null, 'invalid_json');
    default:
      if (error.statusCode === 400 || error instanceof SyntaxError) return new ApiError(400, `body: invalid JSON (${error.message})`, 'invalid_request_error', null, 'invalid_json');
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return new ApiError(error.statusCode, error.message, 'invalid_request_error', null, error.code ?? null);
      return ApiError.from(error);
  }
}
