import { consumingOperators, type OperatorName } from '../../operators/operator-names.ts';
import type { Topology } from '../graph/topology.ts';
import { UsageError } from '../util/errors.ts';
import type { ModelDeclaration } from './model-declarations.ts';
import { checkLlmCoversOperators, operatorsCoveredBy } from './provider-registry.ts';

/** Operators that make no LLM call: one candidate of theirs is enough, whatever the models. */
const callFree: ReadonlySet<string> = new Set(['EarlyStop']);

/**
 * Refuses, before anything runs, a topology with a node its model cannot answer (replay without a
 * recording for the role): exit 2 naming --llm (one model) or --models and the model (several).
 */
export function checkModelsCoverTopology(declared: readonly ModelDeclaration[], task: string, topology: Topology): void {
  if (declared.length === 1) return checkLlmCoversOperators(declared[0]!.backend, task, topology.layers.flat());
  for (const model of declared) {
    const operators = topology.layers.flatMap((layer, l) => layer.filter((_, i) => (topology.models?.[l]?.[i] ?? declared[0]!.name) === model.name));
    try {
      checkLlmCoversOperators(model.backend, task, operators);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`model ${model.name} (${model.backend}): ${error.reason}`, '--models');
    }
  }
}

/** A controller's candidates with several models: (operator, model) pairs, parallel lists. */
export interface CandidatePairs {
  operators: OperatorName[];
  models: string[];
}

/**
 * The (operator, model) pairs the backends can serve (DESIGN §11), model by model in declaration
 * order, each model's in the task's operator order; an operator that makes no call (EarlyStop)
 * once, with the first model. Refused (exit 2, naming --models) when no pair can start a graph.
 */
export function candidatePairs(declared: readonly ModelDeclaration[], task: string, operators: readonly OperatorName[]): CandidatePairs {
  const pairs: CandidatePairs = { operators: [], models: [] };
  for (const model of declared) {
    for (const operator of operatorsCoveredBy(model.backend, task, operators)) {
      if (callFree.has(operator) && pairs.operators.includes(operator)) continue;
      pairs.operators.push(operator);
      pairs.models.push(model.name);
    }
  }
  if (pairs.operators.every((operator) => consumingOperators.has(operator))) {
    throw new UsageError(`none of ${declared.map((model) => model.backend).join(', ')} can answer an operator that starts a graph on ${task}`, '--models');
  }
  return pairs;
}

/**
 * Refuses (exit 2) a several-model checkpoint whose models are not all supplied by name: names each
 * missing one with the backend it was trained on. As with one model, another backend under the
 * same name is allowed (evaluating on another backend) if it covers the model's candidates.
 */
export function checkModelsSupplied(trained: readonly ModelDeclaration[], supplied: readonly ModelDeclaration[]): void {
  const missing = trained.filter((model) => !supplied.some((given) => given.name === model.name));
  if (missing.length === 0) return;
  const wanted = trained.map((model) => `${model.name}=${model.backend}`).join(',');
  throw new UsageError(`the checkpoint's controller was trained with models ${wanted} and chooses among them; missing here: ${missing.map((model) => `${model.name}=${model.backend}`).join(', ')} (give --models ${wanted})`, '--models');
}
