import { z } from 'zod';
import { backendFlags, defaultLlm } from './backend-flags.ts';
import { modelsFlagProblem, parseModelsFlag } from './model-declarations.ts';
import { llmSpecProblem } from './provider-registry.ts';

export { type BackendOptions, defaultCachePath } from './backend-flags.ts';

/**
 * `schema` with `--llm` and `--models` checked against the provider registry (the flag schemas
 * themselves stay free of provider modules, for a fast `--help`). Same shape, same key order.
 * `--llm B` is one model; `--models` several, replacing it: giving both is refused (exit 2), and
 * with `--models` alone `llm` is set to the first model's backend (what single-backend code reads).
 */
export function withLlmCheck<T extends z.ZodObject<{ llm: typeof backendFlags.shape.llm }>>(schema: T): T {
  // No default here, so that an --llm given beside --models can be told from an absent one; the default is set below.
  const llm = z
    .string()
    .optional()
    .superRefine((spec, context) => {
      const problem = spec === undefined ? undefined : llmSpecProblem(spec);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    });
  const models = backendFlags.shape.models.superRefine((text, context) => {
    const problem = text === undefined ? undefined : modelsFlagProblem(text);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
  const checked = schema
    .extend({ llm, models })
    .superRefine((options, context) => {
      if (options.llm !== undefined && options.models !== undefined) {
        context.addIssue({ code: 'custom', path: ['models'], message: `replaces --llm: give --llm (one model) or --models (several, the first being the default), not both` });
      }
    })
    .overwrite((options) => ({ ...options, llm: options.llm ?? firstBackend(options.models) ?? defaultLlm }));
  // extend() keeps an existing key where it was; the output type is unchanged (llm is always set), which TypeScript cannot see through extend().
  return checked as unknown as T;
}

/** The first model's backend of a valid --models value (an invalid one has failed its own check already). */
function firstBackend(models: string | undefined): string | undefined {
  if (models === undefined || modelsFlagProblem(models) !== undefined) return undefined;
  return parseModelsFlag(models)[0]!.backend;
}

/** Flags every command that calls a model shares (DESIGN §5, common run flags), `--llm` checked. */
export const backendOptionsSchema = withLlmCheck(backendFlags);
