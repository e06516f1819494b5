import { z } from 'zod';
import { llmSpecProblem } from './provider-registry.ts';

/** Flags every command that calls a model shares (DESIGN §5, common run flags). */
export const backendOptionsSchema = z.object({
  /** `name:model` of a registered provider (provider-registry.ts). */
  llm: z
    .string()
    .superRefine((spec, context) => {
      const problem = llmSpecProblem(spec);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    })
    .default('sim:gpt-4o-mini'),
  baseUrl: z.string().url().optional(),
  seed: z.coerce.number().int().default(0),
  simTime: z.enum(['virtual', 'real']).default('virtual'),
  simScale: z.coerce.number().positive().default(1),
  concurrency: z.coerce.number().int().positive().default(8),
  tokensPerMinute: z.coerce.number().int().positive().optional(),
  /** A path, or false for --no-cache (cac turns --no-cache into cache: false). */
  cache: z.union([z.string().min(1), z.literal(false), z.literal(true)]).optional(),
  maxCost: z.coerce.number().positive().optional(),
  requestTimeout: z.coerce.number().positive().default(60),
  /** A JSON file of USD prices per 1M tokens, `{"model": {"input": X, "output": Y}}`, over the built-in list prices. */
  prices: z.string().min(1).optional(),
  /** Stop the command once more than this share of its LLM calls failed (FailurePolicy; default 0.5, 1 = never). */
  /** replay: the folder of recordings (default: the fetched location, else ../shared/replay). */
  replayDir: z.string().min(1).optional(),
  maxFailureShare: z.coerce.number().min(0, 'must be a share between 0 and 1').max(1, 'must be a share between 0 and 1').optional(),
});
export type BackendOptions = z.infer<typeof backendOptionsSchema>;

/** Where a provider that caches by default (`Provider.cacheByDefault`: openai) caches without --cache PATH. */
export const defaultCachePath = '.lamas-cache/llm.sqlite';
