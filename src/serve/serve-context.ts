import type { Backend } from '../backend/create-llm-client.ts';
import type { ConcurrencyGate } from './concurrency-gate.ts';
import type { ServeMetrics } from './metrics.ts';
import type { ServedController } from './served-controller.ts';

/** What every route shares: built once per server by `createServer`. */
export interface ServeContext {
  controller: ServedController;
  backend: Backend;
  metrics: ServeMetrics;
  gate: ConcurrencyGate;
  /** Longest query text (UTF-16 code units) a request may carry; longer is a 400 (`--max-query-chars`). */
  maxQueryChars: number;
  /** Aborted when a shutdown stops waiting for in-flight queries (a second signal). */
  shutdown: AbortSignal;
  /** This process's worker index (0 when it serves alone). */
  worker: number;
  /** `GET /metrics` for the whole server: this process's metrics, or every worker's summed. */
  metricsText(): Promise<string>;
}
