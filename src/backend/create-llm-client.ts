import { RedisResponseCache, ResponseCache, type ResponseStore, withCache } from '../llm/cache/index.ts';
import { Budget } from '../llm/budget.ts';
import { FailurePolicy } from '../llm/failure-policy.ts';
import { CallLimiter } from '../llm/call-limiter.ts';
import { LlmClient } from '../llm/llm-client.ts';
import { loadPriceFile, PriceTable } from '../llm/pricing.ts';
import type { TraceSink } from '../llm/trace-writer.ts';
import { createPythonSandbox } from '../sandbox/python-sandbox.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { withLimits } from '../llm/with-limits.ts';
import { type BackendOptions, defaultCachePath } from './backend-options.ts';
import type { BackendProbe, Provider } from './provider.ts';
import { resolveLlm } from './provider-registry.ts';

export interface Backend {
  client: LlmClient;
  /** `sim:gpt-4o-mini`, `openai:gpt-4o-mini`: what summaries report as `backend`. */
  label: string;
  cache: ResponseStore | undefined;
  /** The sandbox pool for tools and grading (the sim also checks its wrong code with it). */
  sandbox: Sandbox;
  /** The provider's own summary fields (Provider `summary`), read once the run is done. */
  summaryFields?: () => Record<string, unknown>;
  close(): void;
}

/**
 * Builds the configured backend and its layers, outermost first: accounting (LlmClient) →
 * cache → limits → provider. Cache hits therefore never wait for a concurrency slot.
 */
export function createBackend(options: BackendOptions, trace?: TraceSink, sandbox: Sandbox = createPythonSandbox(), probe?: BackendProbe): Backend {
  const { provider, model: name } = resolveLlm(options.llm);
  const { model, scope, summary } = provider.create(name, { options, sandbox, probe });
  const limited = withLimits(model, new CallLimiter({ concurrency: options.concurrency, tokensPerMinute: options.tokensPerMinute }));
  const cachePath = resolveCachePath(provider, options.cache);
  // A redis:// URL is the cache shared by many machines (queued sweeps); anything else a SQLite file.
  const cache = cachePath === undefined ? undefined : /^rediss?:\/\//.test(cachePath) ? RedisResponseCache.open(cachePath) : ResponseCache.open(cachePath);
  const cached = cache ? withCache(limited, cache, { scope }) : limited;
  const failures = new FailurePolicy({ maxShare: options.maxFailureShare });
  const prices = options.prices || provider.prices ? new PriceTable({ ...provider.prices, ...(options.prices ? loadPriceFile(options.prices) : {}) }) : undefined;
  const client = new LlmClient({ model: cached, budget: new Budget(options.maxCost), trace, failures, prices });
  return { client, label: options.llm, cache, sandbox, ...(summary ? { summaryFields: summary } : {}), close: () => cache?.close() };
}

/** The response cache file for a provider: --cache PATH, none for --no-cache, else the provider's default. */
export function resolveCachePath(provider: Pick<Provider, 'cacheByDefault'>, cache: BackendOptions['cache']): string | undefined {
  if (cache === false) return undefined;
  if (typeof cache === 'string') return cache;
  // cac reports `cache: true` when neither --cache PATH nor --no-cache was given.
  return provider.cacheByDefault ? defaultCachePath : undefined;
}
