import { join } from 'node:path';
import type { SweepOptions } from '../sweep/run-sweep.ts';
import { pointLabel, pointWork, type SweepPointSpec } from '../sweep/sweep-point.ts';
import type { SweepRow } from '../sweep/sweep-row.ts';
import { awaitJobs } from './await-jobs.ts';
import { unpackFiles } from './point-files.ts';
import type { QueueSweepOptions } from './queue-options.ts';
import { sweepJob, sweepJobId, sweepJobResultSchema, sweepPointJob } from './sweep-job.ts';

/** A point whose job failed on its last attempt. */
export interface FailedPoint {
  point: SweepPointSpec;
  label: string;
  attempts: number;
  error: string;
}

export interface QueuedPoints {
  /** The finished points' rows, in sweep order. */
  rows: SweepRow[];
  failed: FailedPoint[];
}

/**
 * Enqueues one job per point and writes each finished point's files under `out` once, when its
 * job is first seen completed (await-jobs.ts).
 */
export async function runQueuedPoints(
  options: SweepOptions,
  points: readonly SweepPointSpec[],
  queueOptions: QueueSweepOptions & { onStage?: (stage: string) => void; tick: (queries: number) => void },
): Promise<QueuedPoints> {
  const seeds = new Set(points.map((point) => point.seed)).size;
  const jobs = points.map((point) => {
    const data = sweepJob(options, point);
    return { name: sweepPointJob, id: sweepJobId(data), data, work: pointWork(options, point) };
  });
  const rows = new Map<number, SweepRow>();
  queueOptions.onStage?.(`${points.length} jobs on ${queueOptions.url}, waiting for workers`);
  const failures = await awaitJobs(jobs, {
    ...queueOptions,
    who: 'sweep',
    onCompleted: async (index, value) => {
      const point = points[index]!;
      const result = sweepJobResultSchema.parse(value);
      const dir = join(options.out, point.dir);
      await unpackFiles(dir, result.files, { atomic: true });
      rows.set(index, { ...result.row, checkpoint: result.row.checkpoint === null ? null : join(dir, result.row.checkpoint) });
      queueOptions.onStage?.(`done ${pointLabel(point, seeds)}`);
    },
    onFailed: (failure) => queueOptions.onStage?.(`failed ${pointLabel(points[failure.index]!, seeds)}: ${failure.error}`),
  });
  const failed = failures.map((failure): FailedPoint => ({ point: points[failure.index]!, label: pointLabel(points[failure.index]!, seeds), attempts: failure.attempts, error: failure.error }));
  return { rows: [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row), failed };
}
