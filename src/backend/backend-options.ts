import type { z } from 'zod';
import { backendFlags } from './backend-flags.ts';
import { llmSpecProblem } from './provider-registry.ts';

export { type BackendOptions, defaultCachePath } from './backend-flags.ts';

/**
 * `schema` with `--llm` checked against the provider registry (the flag schemas themselves stay
 * free of provider modules, for a fast `--help`). Same shape, same key order: only the check is added.
 */
export function withLlmCheck<T extends z.ZodObject<{ llm: typeof backendFlags.shape.llm }>>(schema: T): T {
  const llm = backendFlags.shape.llm.superRefine((spec, context) => {
    const problem = llmSpecProblem(spec);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
  // extend() keeps an existing key where it was; the type is unchanged, which TypeScript cannot see through extend().
  return schema.extend({ llm }) as unknown as T;
}

/** Flags every command that calls a model shares (DESIGN §5, common run flags), `--llm` checked. */
export const backendOptionsSchema = withLlmCheck(backendFlags);
