import { ResponseCache, withCache } from '../llm/cache/index.ts';
import { Budget } from '../llm/budget.ts';
import { FailurePolicy } from '../llm/failure-policy.ts';
import { CallLimiter } from '../llm/call-limiter.ts';
import type { ChatModel } from '../llm/chat-model.ts';
import { LlmClient } from '../llm/llm-client.ts';
import { loadPriceFile, PriceTable } from '../llm/pricing.ts';
import { createOpenAIChatModel } from '../llm/openai/index.ts';
import type { TraceSink } from '../llm/trace-writer.ts';
import { createPythonSandbox } from '../sandbox/python-sandbox.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { withLimits } from '../llm/with-limits.ts';
import { createSimChatModel } from '../sim/sim-chat-model.ts';
import { loadSimProfile } from '../sim/sim-profile.ts';
import { type BackendOptions, defaultCachePath } from './backend-options.ts';
import type { BackendProbe } from './preflight.ts';

export interface Backend {
  client: LlmClient;
  /** `sim:gpt-4o-mini`, `openai:gpt-4o-mini`: what summaries report as `backend`. */
  label: string;
  cache: ResponseCache | undefined;
  /** The sandbox pool for tools and grading (the sim also checks its wrong code with it). */
  sandbox: Sandbox;
  close(): void;
}

/**
 * Builds the configured backend and its layers, outermost first: accounting (LlmClient) →
 * cache → limits → provider. Cache hits therefore never wait for a concurrency slot.
 */
export function createBackend(options: BackendOptions, trace?: TraceSink, sandbox: Sandbox = createPythonSandbox(), probe?: BackendProbe): Backend {
  const [provider, name] = splitSpec(options.llm);
  const { model, scope } = provider === 'sim' ? simModel(name, options, sandbox) : openaiModel(name, options, probe);
  const limited = withLimits(model, new CallLimiter({ concurrency: options.concurrency, tokensPerMinute: options.tokensPerMinute }));
  const cachePath = resolveCachePath(provider, options.cache);
  const cache = cachePath ? ResponseCache.open(cachePath) : undefined;
  const cached = cache ? withCache(limited, cache, { scope }) : limited;
  const failures = new FailurePolicy({ maxShare: options.maxFailureShare });
  const prices = options.prices ? new PriceTable(loadPriceFile(options.prices)) : undefined;
  const client = new LlmClient({ model: cached, budget: new Budget(options.maxCost), trace, failures, prices });
  return { client, label: options.llm, cache, sandbox, close: () => cache?.close() };
}

function splitSpec(spec: string): ['sim' | 'openai', string] {
  const colon = spec.indexOf(':');
  return [spec.slice(0, colon) as 'sim' | 'openai', spec.slice(colon + 1)];
}

function simModel(profileName: string, options: BackendOptions, sandbox: Sandbox | undefined): { model: ChatModel; scope: string } {
  const profile = loadSimProfile(profileName);
  const model = createSimChatModel({ profile, seed: options.seed, time: options.simTime, scale: options.simScale, sandbox });
  // The sim's answers depend on its seed and parameters, so cached entries must too.
  return { model, scope: `sim:${profile.name}@v${profile.version} seed=${options.seed}` };
}

/** `probe`: what preflightBackend learned; a lamas sim-server gets the sim's metadata and is reported as simulated. */
function openaiModel(modelName: string, options: BackendOptions, probe: BackendProbe | undefined): { model: ChatModel; scope: string } {
  const baseUrl = options.baseUrl ?? process.env.OPENAI_BASE_URL;
  const lamasSim = probe?.lamasSim ?? false;
  const model = createOpenAIChatModel({ model: modelName, baseUrl, timeoutMs: options.requestTimeout * 1000, forwardMeta: lamasSim });
  // One model name can mean different weights on different servers.
  return { model: lamasSim ? { ...model, simulated: true } : model, scope: baseUrl ?? 'https://api.openai.com/v1' };
}

function resolveCachePath(provider: 'sim' | 'openai', cache: BackendOptions['cache']): string | undefined {
  if (cache === false) return undefined;
  if (typeof cache === 'string') return cache;
  // cac reports `cache: true` when neither --cache PATH nor --no-cache was given.
  return provider === 'openai' ? defaultCachePath : undefined;
}
