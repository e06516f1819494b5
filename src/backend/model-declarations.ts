import { modelNamePattern } from '../graph/parse-topology.ts';
import { UsageError } from '../util/errors.ts';
import type { BackendOptions } from './backend-flags.ts';
import { llmSpecProblem, registeredProviders, resolveLlm } from './provider-registry.ts';

/** One model of a run: the name topologies call it by (`CoT@big`) and the backend that answers it (`replay:gpt-4`). */
export interface ModelDeclaration {
  name: string;
  backend: string;
  /** `name=openai:model@URL`: this model's server, over --base-url (providers that take one only). */
  baseUrl?: string;
}

/**
 * Why a `--models` value cannot be used (naming the offending token), or undefined when it can:
 * `name=provider:model` entries split by commas, names unique and topology-safe, backends known.
 */
export function modelsFlagProblem(text: string): string | undefined {
  try {
    parseModelsFlag(text);
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.reason;
    throw error;
  }
}

/** `mini=replay:gpt-4o-mini,big=replay:gpt-4` taken apart; a UsageError naming --models and the token when it is wrong. */
export function parseModelsFlag(text: string): ModelDeclaration[] {
  const declared: ModelDeclaration[] = [];
  const fail = (reason: string) => {
    throw new UsageError(reason, '--models');
  };
  if (text.trim() === '') fail('empty: expected name=backend,... (e.g. mini=replay:gpt-4o-mini,big=replay:gpt-4)');
  for (const raw of text.split(',')) {
    const token = raw.trim();
    const equals = token.indexOf('=');
    if (equals < 0) fail(`"${token}" is not name=backend (e.g. big=replay:gpt-4)`);
    const name = token.slice(0, equals).trim();
    const value = token.slice(equals + 1).trim();
    // `fast=openai:llama3@http://host:8000/v1`: the first @ starts the model's own server URL.
    const at = value.indexOf('@');
    const backend = at < 0 ? value : value.slice(0, at);
    const baseUrl = at < 0 ? undefined : value.slice(at + 1);
    if (!modelNamePattern.test(name)) fail(`"${token}": the model name "${name}" must be letters, digits, ".", "_" or "-" (it is written after @ in topologies)`);
    if (declared.some((model) => model.name === name)) fail(`"${token}": the model name "${name}" is declared twice`);
    const problem = llmSpecProblem(backend);
    if (problem !== undefined) fail(`"${token}": ${problem}`);
    if (baseUrl !== undefined) {
      if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) fail(`"${token}": "${baseUrl}" after @ is not an http(s) URL (the model's server)`);
      if (!resolveLlm(backend).provider.takesBaseUrl) fail(`"${token}": a server URL after @ applies only to ${registeredProviders().filter((provider) => provider.takesBaseUrl).map((provider) => provider.usage).join(', ')}`);
    }
    declared.push({ name, backend, ...(baseUrl !== undefined ? { baseUrl } : {}) });
  }
  return declared;
}

/**
 * The run's models, the first being the one nodes without `@model` call: `--models` as declared,
 * else the one `--llm` names, called by its model part (`--llm replay:gpt-4` ≡ `--models gpt-4=replay:gpt-4`).
 */
export function declaredModels(options: Pick<BackendOptions, 'llm' | 'models'>): ModelDeclaration[] {
  if (options.models !== undefined) return parseModelsFlag(options.models);
  return [{ name: singleModelName(options.llm), backend: options.llm }];
}

/** The name `--llm provider:model` gives its one model: the model part, made topology-safe. */
export function singleModelName(llm: string): string {
  const model = llm.slice(llm.indexOf(':') + 1);
  const safe = model.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return safe === '' ? 'model' : safe;
}

/** The backend flags one declared model is built and preflighted with: its backend as --llm, its own server over --base-url. */
export function modelOptions<T extends Pick<BackendOptions, 'llm' | 'baseUrl'>>(options: T, model: ModelDeclaration): T {
  return { ...options, llm: model.backend, ...(model.baseUrl !== undefined ? { baseUrl: model.baseUrl } : {}) };
}
