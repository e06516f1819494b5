/** One LLM call as the trace and the accounting see it. */
export interface LlmCallRecord {
  kind: 'llm';
  run: string;
  query: string;
  layer: number;
  operator: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** USD of this call's usage at list price (cache hits included: what the graph costs). */
  costUsd: number;
  /** USD actually paid for it: 0 for a cache hit. */
  billedUsd: number;
  /** Milliseconds on the query's timeline (virtual or real). */
  start: number;
  end: number;
  /** Backend latency, recorded or replayed from the cache. */
  latencyMs: number;
  cacheHit: boolean;
  cancelled: boolean;
  retries: number;
  error?: string;
}
