import type { ControllerSpec } from '../controller/controller-spec.ts';
import { UsageError } from '../util/errors.ts';
import type { BackendOptions } from './backend-flags.ts';
import { checkModelsSupplied } from './model-coverage.ts';
import { declaredModels } from './model-declarations.ts';
import { checkLlmCoversController, checkLlmCoversOperators } from './provider-registry.ts';

/**
 * Refuses (exit 2), before anything runs, a checkpoint the command's models cannot serve: a
 * single-model controller whose candidates the first model does not cover (--llm, as before); a
 * several-model one (DESIGN §11) whose models are not all supplied by name, or whose candidates
 * a supplied model does not cover (--models, naming the model).
 */
export function checkBackendServesController(options: Pick<BackendOptions, 'llm' | 'models'>, spec: Pick<ControllerSpec, 'task' | 'operators' | 'models' | 'operatorModels'>): void {
  if (!spec.models || !spec.operatorModels) return checkLlmCoversController(options.llm, spec.task, spec.operators);
  const supplied = declaredModels(options);
  checkModelsSupplied(spec.models, supplied);
  for (const { name } of spec.models) {
    const backend = supplied.find((model) => model.name === name)!.backend;
    const operators = spec.operators.filter((_, i) => spec.operatorModels![i] === name);
    try {
      checkLlmCoversOperators(backend, spec.task, operators);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`model ${name} (${backend}): the checkpoint's controller may choose ${operators.join(', ')} on it, and ${error.reason}`, '--models');
    }
  }
}
