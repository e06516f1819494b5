import { LamasError } from '../../src/util/errors.ts';
import type { JobFailure } from './await-jobs.ts';

/** Shards of a queued evaluation whose jobs failed on every attempt: nothing is written, as no summary can be made without them. */
export class EvalShardsFailedError extends LamasError {
  override readonly name = 'EvalShardsFailedError';
  constructor(
    readonly failed: readonly JobFailure[],
    readonly total: number,
    pass: string,
  ) {
    super(
      `${failed.length} of ${total} eval shards failed (${pass}); nothing was written:\n${failed
        .map((shard) => `  shard ${shard.index + 1}/${total}: failed after ${shard.attempts} attempt${shard.attempts === 1 ? '' : 's'}: ${shard.error}`)
        .join('\n')}`,
    );
  }
}
