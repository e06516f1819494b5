import { LamasError, UsageError } from '../util/errors.ts';

/** A request the recordings cannot answer (a question no source recorded, a request without operator metadata). */
export class ReplayMissError extends LamasError {
  override readonly name = 'ReplayMissError';
}

/** A topology or call needs a role the model has no recording or rule for: exit 2, naming what is covered. */
export class UncoveredRoleError extends UsageError {
  constructor(model: string, task: string, roles: readonly string[], covered: readonly string[]) {
    super(`replay:${model} has no recording for ${roles.join(', ')} on ${task}; it covers ${covered.length > 0 ? covered.join(', ') : 'nothing on this task'} (see lamas replay describe ${model})`, '--topology');
  }
}
