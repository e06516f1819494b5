import { RedisResponseCache, ResponseCache, type ResponseStore, withCache } from '../llm/cache/index.ts';
import { Budget } from '../llm/budget.ts';
import { FailurePolicy } from '../llm/failure-policy.ts';
import { CallLimiter } from '../llm/call-limiter.ts';
import { LlmClient } from '../llm/llm-client.ts';
import type { ModelRoutes } from '../llm/model-routes.ts';
import { loadPriceFile, type ModelPrice, PriceTable } from '../llm/pricing.ts';
import type { TraceSink } from '../llm/trace-writer.ts';
import { createPythonSandbox } from '../sandbox/python-sandbox.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { UsageError } from '../util/errors.ts';
import { withLimits } from '../llm/with-limits.ts';
import { type BackendOptions, defaultCachePath } from './backend-options.ts';
import { declaredModels, type ModelDeclaration, modelOptions } from './model-declarations.ts';
import type { BackendProbe, Provider } from './provider.ts';
import { resolveLlm } from './provider-registry.ts';

/** One declared model of a backend (DESIGN §11): its own client (prices, limits, cache scope) on the run's shared budget and failure policy. */
export interface BackendModel extends ModelDeclaration {
  client: LlmClient;
  /** Its completion tokens' weight on the token proxy: its time per token relative to the first model's (1 when either is unknown). */
  proxyWeight: number;
  /** The provider's own summary fields for this model (replay: where its answers came from). */
  summaryFields?: () => Record<string, unknown>;
}

export interface Backend {
  /** The first model's client: nodes without `@model`, teams' planner and aggregator, the encoder. */
  client: LlmClient;
  /** `sim:gpt-4o-mini`, `openai:gpt-4o-mini`, or the --models value: what summaries report as `backend`. */
  label: string;
  /** Every declared model, the first first (one for --llm). */
  models: BackendModel[];
  /** With several models, each by name (what the executor routes `@model` nodes by); undefined with one. */
  routes?: ModelRoutes;
  /** Some model's answers are simulated: every summary says so. */
  simulated: boolean;
  cache: ResponseStore | undefined;
  /** The sandbox pool for tools and grading (the sim also checks its wrong code with it). */
  sandbox: Sandbox;
  /** The provider's own summary fields, read once the run is done (one model; several report theirs per model). */
  summaryFields?: () => Record<string, unknown>;
  close(): void;
}

/**
 * Builds the configured backend and its layers, outermost first: accounting (LlmClient) →
 * cache → limits → provider. Cache hits therefore never wait for a concurrency slot. With
 * several models (--models) each gets its own stack (prices, --concurrency per backend, cache
 * scope) and all share the budget, the failure policy, the trace and one cache file.
 * `probe`: what the preflight learned, one per declared model (or the first model's alone).
 * `budget` defaults to a fresh --max-cost cap; pass one to make a cap hold over several backends.
 */
export function createBackend(options: BackendOptions, trace?: TraceSink, sandbox: Sandbox = createPythonSandbox(), probe?: BackendProbe | readonly BackendProbe[], budget: Budget = new Budget(options.maxCost)): Backend {
  const declared = declaredModels(options);
  const probes = Array.isArray(probe) ? probe : [probe as BackendProbe | undefined];
  const failures = new FailurePolicy({ maxShare: options.maxFailureShare });
  const priceFile = options.prices ? loadPriceFile(options.prices) : undefined;
  const caches = new Map<string, ResponseStore>();
  const close = () => caches.forEach((cache) => cache.close());
  try {
    const built = declared.map((declaration, i) => {
      const { provider, model: name } = resolveLlm(declaration.backend);
      const made = provider.create(name, { options: modelOptions(options, declaration), sandbox, probe: probes[i] });
      const limited = withLimits(made.model, new CallLimiter({ concurrency: options.concurrency, tokensPerMinute: options.tokensPerMinute }));
      const cachePath = resolveCachePath(provider, options.cache);
      let cache = cachePath ? caches.get(cachePath) : undefined;
      // A redis:// URL is the cache shared by many machines (queued sweeps); anything else a SQLite file.
      if (cachePath && !cache) caches.set(cachePath, (cache = /^rediss?:\/\//.test(cachePath) ? RedisResponseCache.open(cachePath) : ResponseCache.open(cachePath)));
      const cached = cache ? withCache(limited, cache, { scope: made.scope }) : limited;
      const prices = priceFile || provider.prices ? new PriceTable({ ...provider.prices, ...priceFile } as Record<string, ModelPrice>) : undefined;
      const client = new LlmClient({ model: cached, budget, trace, failures, prices });
      return { declaration, client, msPerToken: made.msPerToken, summary: made.summary };
    });
    const first = built[0]!;
    const virtual = built.filter((model) => model.client.model.virtualTime).map((model) => model.declaration.name);
    if (virtual.length > 0 && virtual.length < built.length) {
      throw new UsageError(`${virtual.join(', ')} answer${virtual.length === 1 ? 's' : ''} in virtual time and the others in real time: one query cannot mix them (give --sim-time real)`, '--models');
    }
    const models: BackendModel[] = built.map(({ declaration, client, msPerToken, summary }) => ({
      ...declaration,
      client,
      proxyWeight: msPerToken !== undefined && first.msPerToken !== undefined ? msPerToken / first.msPerToken : 1,
      ...(summary ? { summaryFields: summary } : {}),
    }));
    const several = models.length > 1;
    return {
      client: first.client,
      label: options.models ?? options.llm,
      models,
      ...(several ? { routes: new Map(models.map((model) => [model.name, { client: model.client, proxyWeight: model.proxyWeight }])) } : {}),
      simulated: models.some((model) => model.client.simulated),
      cache: caches.values().next().value,
      sandbox,
      ...(!several && first.summary ? { summaryFields: first.summary } : {}),
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/** The response cache file for a provider: --cache PATH, none for --no-cache, else the provider's default. */
export function resolveCachePath(provider: Pick<Provider, 'cacheByDefault'>, cache: BackendOptions['cache']): string | undefined {
  if (cache === false) return undefined;
  if (typeof cache === 'string') return cache;
  // cac reports `cache: true` when neither --cache PATH nor --no-cache was given.
  return provider.cacheByDefault ? defaultCachePath : undefined;
}
