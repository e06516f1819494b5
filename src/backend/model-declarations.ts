import { modelNamePattern } from '../graph/parse-topology.ts';
import { UsageError } from '../util/errors.ts';
import type { BackendOptions } from './backend-flags.ts';
import { llmSpecProblem } from './provider-registry.ts';

/** One model of a run: the name topologies call it by (`CoT@big`) and the backend that answers it (`replay:gpt-4`). */
export interface ModelDeclaration {
  name: string;
  backend: string;
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
    const backend = token.slice(equals + 1).trim();
    if (!modelNamePattern.test(name)) fail(`"${token}": the model name "${name}" must be letters, digits, ".", "_" or "-" (it is written after @ in topologies)`);
    if (declared.some((model) => model.name === name)) fail(`"${token}": the model name "${name}" is declared twice`);
    const problem = llmSpecProblem(backend);
    if (problem !== undefined) fail(`"${token}": ${problem}`);
    declared.push({ name, backend });
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

/** The flag to blame for a problem of the model set: --models when given, else --llm. */
export function modelsFlag(options: Pick<BackendOptions, 'models'>): string {
  return options.models !== undefined ? '--models' : '--llm';
}
