import { z } from 'zod';
import { DEFAULT_MAX_FAILURE_SHARE } from '../llm/failure-policy.ts';

/** Where a provider that caches by default (`Provider.cacheByDefault`: openai) caches without --cache PATH. */
export const defaultCachePath = '.lamas-cache/llm.sqlite';

/** The backend when neither --llm nor --models is given. */
export const defaultLlm = 'sim:gpt-4o-mini';

/**
 * Flags every command that calls a model shares (DESIGN §5, common run flags), with their help
 * (src/cli/flags.ts). Free of provider modules so `--help` loads fast: `backendOptionsSchema`
 * (backend-options.ts) adds the check that `--llm` names a registered provider.
 */
export const backendFlags = z.object({
  /** `name:model` of a registered provider (provider-registry.ts). */
  llm: z.string().default(defaultLlm).meta({ description: 'sim:<profile> | openai:<model> | replay:<model> (provider:model); one model, named after its model part', arg: 'backend' }),
  /**
   * Several named models (DESIGN §11), instead of --llm: topologies name a node's model as
   * `CoT@big`, a node without @ calls the first. Checked by `withLlmCheck` (backend-options.ts).
   */
  models: z.string().optional().meta({ description: 'several models instead of --llm: name=backend,... (e.g. mini=replay:gpt-4o-mini,big=replay:gpt-4); nodes name theirs as CoT@big, the first is the default', arg: 'list' }),
  /** replay: the folder of recordings. */
  replayDir: z.string().min(1).optional().meta({ description: 'replay: folder of recordings', arg: 'dir', defaultText: '$LAMAS_REPLAY_DIR, else .lamas-data/replay, else ../shared/replay' }),
  baseUrl: z.string().url().optional().meta({ description: 'OpenAI-compatible server', arg: 'url', defaultText: '$OPENAI_BASE_URL' }),
  seed: z.coerce.number().int().default(0).meta({ description: 'seed for everything random', arg: 'n' }),
  simTime: z.enum(['virtual', 'real']).default('virtual').meta({ description: 'virtual (no sleeping) | real', arg: 'mode' }),
  simScale: z.coerce.number().positive().default(1).meta({ description: 'real-time sim: multiply simulated latencies', arg: 'f' }),
  concurrency: z.coerce.number().int().positive().default(8).meta({ description: 'LLM calls in flight per backend', arg: 'n' }),
  tokensPerMinute: z.coerce.number().int().positive().optional().meta({ description: 'optional token rate cap', arg: 'n' }),
  /** A path, or false for --no-cache (cac turns --no-cache into cache: false). */
  cache: z
    .union([z.string().min(1), z.literal(false), z.literal(true)])
    .optional()
    .meta({ description: 'SQLite response cache file', arg: '[path]', defaultText: `for openai: ${defaultCachePath}; sim: off`, negation: 'do not cache responses' }),
  maxCost: z.coerce.number().positive().optional().meta({ description: 'stop starting LLM calls once this much is spent', arg: 'usd' }),
  requestTimeout: z.coerce.number().positive().default(60).meta({ description: 'openai: longest silence per attempt', arg: 's' }),
  /** A JSON file of USD prices per 1M tokens, `{"model": {"input": X, "output": Y}}`, over the built-in list prices. */
  prices: z.string().min(1).optional().meta({ description: 'JSON {"model": {"input": USD, "output": USD}} per 1M tokens, over the built-in list prices', arg: 'file' }),
  /** Stop the command once more than this share of its LLM calls failed (FailurePolicy, which holds the default; 1 = never). */
  maxFailureShare: z.coerce
    .number()
    .min(0, 'must be a share between 0 and 1')
    .max(1, 'must be a share between 0 and 1')
    .optional()
    .meta({ description: 'stop (exit 1) once more than this share of LLM calls failed, judged after 10 calls and at the end (1 = never; not serve)', arg: 'f', defaultText: String(DEFAULT_MAX_FAILURE_SHARE) }),
});
export type BackendOptions = z.infer<typeof backendFlags>;
