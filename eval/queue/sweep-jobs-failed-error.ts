import { LamasError } from '../../src/util/errors.ts';
import type { FailedPoint } from './run-queued-points.ts';

/** Points of a queued sweep whose jobs failed on every attempt; the other points' rows were written. */
export class SweepJobsFailedError extends LamasError {
  override readonly name = 'SweepJobsFailedError';
  constructor(
    readonly failed: readonly FailedPoint[],
    readonly total: number,
    readonly report: string,
  ) {
    super(`${failed.length} of ${total} sweep points failed (see ${report}):\n${failed.map((point) => `  ${point.label}: failed after ${point.attempts} attempt${point.attempts === 1 ? '' : 's'}: ${point.error}`).join('\n')}`);
  }
}
