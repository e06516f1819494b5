import { replayProvider } from '../replay/replay-provider.ts';
import { simProvider } from '../sim/sim-provider.ts';
import { UsageError } from '../util/errors.ts';
import { openaiProvider } from './openai-provider.ts';
import type { Provider } from './provider.ts';

/** The providers `--llm name:model` can name, in the order errors list them. A new provider is one line here. */
export const builtInProviders: readonly Provider[] = [
  simProvider,
  openaiProvider,
  replayProvider,
];

const providers = new Map<string, Provider>(builtInProviders.map((provider) => [provider.name, provider]));

/**
 * Adds a provider at run time (a plugin, a test's throwaway provider); returns the function that
 * removes it again. Built-in providers belong in `builtInProviders` instead.
 */
export function registerProvider(provider: Provider): () => void {
  if (!/^[a-z][a-z0-9-]*$/.test(provider.name)) throw new Error(`a provider name is lowercase letters, digits and dashes, got "${provider.name}"`);
  if (providers.has(provider.name)) throw new Error(`a provider named "${provider.name}" is already registered`);
  providers.set(provider.name, provider);
  return () => {
    if (providers.get(provider.name) === provider) providers.delete(provider.name);
  };
}

export function registeredProviders(): Provider[] {
  return [...providers.values()];
}

/** An `--llm` value taken apart: the provider it names and the model part after the first colon. */
export interface LlmSpec {
  provider: Provider;
  model: string;
}

/** Why `--llm` cannot be used, or undefined when it can (the flag schema's check). */
export function llmSpecProblem(spec: string): string | undefined {
  const match = /^([^:]+):(.+)$/.exec(spec);
  const expected = `expected ${orList(registeredProviders().map((provider) => provider.usage))}`;
  if (!match) return expected;
  const provider = providers.get(match[1]!);
  if (!provider) return `unknown provider "${match[1]}" (${expected})`;
  return provider.checkModel?.(match[2]!);
}

/** The provider and model an `--llm` value names; a UsageError naming --llm when there is none. */
export function resolveLlm(spec: string): LlmSpec {
  const problem = llmSpecProblem(spec);
  if (problem !== undefined) throw new UsageError(problem, '--llm');
  const colon = spec.indexOf(':');
  return { provider: providers.get(spec.slice(0, colon))!, model: spec.slice(colon + 1) };
}

/**
 * Refuses, before anything runs, a set of operators the `--llm` model cannot answer on a task
 * (Provider `checkOperators`: replay without a recording for a role); a UsageError (exit 2).
 */
export function checkLlmCoversOperators(spec: string, task: string, operators: readonly string[]): void {
  const { provider, model } = resolveLlm(spec);
  provider.checkOperators?.(model, task, operators);
}

/**
 * The operators of a controller's candidate list the `--llm` model can answer on a task: all of
 * them for a provider without `checkOperators`, the covered ones for replay. A controller trained
 * on that backend chooses only among these, so nothing it picks is refused or fails later.
 */
export function operatorsCoveredBy<T extends string>(spec: string, task: string, operators: readonly T[]): T[] {
  const { provider, model } = resolveLlm(spec);
  const check = provider.checkOperators;
  if (!check) return [...operators];
  return operators.filter((operator) => {
    try {
      check.call(provider, model, task, [operator]);
      return true;
    } catch (error) {
      if (error instanceof UsageError) return false;
      throw error;
    }
  });
}

/**
 * Refuses (exit 2, naming --llm) a trained controller whose candidates include an operator the
 * `--llm` model cannot answer: it was trained on another backend and may choose it any time.
 */
export function checkLlmCoversController(spec: string, task: string, operators: readonly string[]): void {
  try {
    checkLlmCoversOperators(spec, task, operators);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`the checkpoint's controller may choose any of ${operators.join(', ')}, and ${error.reason}; train a controller on this backend instead`, '--llm');
  }
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
