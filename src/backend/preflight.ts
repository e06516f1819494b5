import type { BackendOptions } from './backend-options.ts';
import { declaredModels, modelOptions } from './model-declarations.ts';
import type { BackendProbe } from './provider.ts';
import { resolveLlm } from './provider-registry.ts';

export type { BackendProbe } from './provider.ts';

/**
 * One cheap check before a command pays for or writes anything, so a backend that cannot work
 * fails at once with a named cause instead of a run of failed calls: the `--llm` provider's own
 * preflight (openai: openai-preflight.ts), nothing for a provider without one (the sim).
 */
export async function preflightBackend(options: BackendOptions, env: NodeJS.ProcessEnv = process.env): Promise<BackendProbe> {
  const { provider, model } = resolveLlm(options.llm);
  return provider.preflight ? provider.preflight(model, options, env) : { lamasSim: false };
}

/** `preflightBackend` for every declared model (--models), in order; one probe each, for `createBackend`. */
export async function preflightModels(options: BackendOptions, env: NodeJS.ProcessEnv = process.env): Promise<BackendProbe[]> {
  const probes: BackendProbe[] = [];
  for (const model of declaredModels(options)) probes.push(await preflightBackend(modelOptions(options, model), env));
  return probes;
}
