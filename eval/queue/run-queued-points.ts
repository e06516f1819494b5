import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { SweepOptions } from '../sweep/run-sweep.ts';
import { pointLabel, pointWork, type SweepPointSpec } from '../sweep/sweep-point.ts';
import type { SweepRow } from '../sweep/sweep-row.ts';
import { unpackFiles } from './point-files.ts';
import { type QueueSweepOptions, queueName, redisOptions } from './queue-options.ts';
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

/** Kept this long in Redis, so a sweep run again with the same inputs takes the results as they are. */
const keepSeconds = 7 * 24 * 3600;
const pollMs = 500;

/**
 * Enqueues one job per point (ids from the point's inputs: enqueuing again adds nothing), waits
 * for each to finish on some worker, and writes each finished point's files under `out` once,
 * when its job is first seen completed. A job that ended failed earlier (a previous sweep) is
 * enqueued afresh; one that completed earlier is taken as it is.
 */
export async function runQueuedPoints(
  options: SweepOptions,
  points: readonly SweepPointSpec[],
  queueOptions: QueueSweepOptions & { onStage?: (stage: string) => void; tick: (queries: number) => void },
): Promise<QueuedPoints> {
  const queue = new Queue(queueName, { connection: redisOptions(queueOptions.url, '--queue') });
  let lastError = '';
  queue.on('error', (error) => {
    // Told once per distinct cause: Redis restarting would otherwise print a line per retry.
    if (error.message !== lastError) process.stderr.write(`sweep: queue: ${error.message} (waiting for Redis)\n`);
    lastError = error.message;
  });
  const seeds = new Set(points.map((point) => point.seed)).size;
  try {
    const ids = await Promise.all(points.map((point) => enqueue(queue, sweepJob(options, point), queueOptions.attempts)));
    queueOptions.onStage?.(`${points.length} jobs on ${queueOptions.url}, waiting for workers`);
    const rows = new Map<number, SweepRow>();
    const failed: FailedPoint[] = [];
    const seen = new Map<number, number>();
    const pending = new Set(points.keys());
    const tickTo = (index: number, queries: number) => {
      const before = seen.get(index) ?? 0;
      if (queries > before) queueOptions.tick(queries - before);
      seen.set(index, Math.max(before, queries));
    };
    for (let round = 0; pending.size > 0; round += 1) {
      for (const index of [...pending]) {
        const id = ids[index]!;
        const point = points[index]!;
        const state = await queue.getJobState(id);
        if (state === 'completed' || state === 'failed' || round % 4 === 0) {
          const job = await queue.getJob(id);
          if (!job) {
            failed.push({ point, label: pointLabel(point, seeds), attempts: 0, error: 'the job was removed from the queue' });
            pending.delete(index);
            continue;
          }
          if (typeof job.progress === 'number') tickTo(index, Math.min(job.progress, pointWork(options, point)));
          if (state === 'completed') {
            const result = sweepJobResultSchema.parse(job.returnvalue);
            const dir = join(options.out, point.dir);
            await unpackFiles(dir, result.files, { atomic: true });
            rows.set(index, { ...result.row, checkpoint: result.row.checkpoint === null ? null : join(dir, result.row.checkpoint) });
            tickTo(index, pointWork(options, point));
            queueOptions.onStage?.(`done ${pointLabel(point, seeds)}`);
            pending.delete(index);
          } else if (state === 'failed') {
            failed.push({ point, label: pointLabel(point, seeds), attempts: job.attemptsMade, error: job.failedReason ?? 'no reason recorded' });
            queueOptions.onStage?.(`failed ${pointLabel(point, seeds)}: ${job.failedReason}`);
            pending.delete(index);
          }
        }
      }
      if (pending.size > 0) await sleep(pollMs);
    }
    return { rows: [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row), failed };
  } finally {
    await queue.close();
  }
}

async function enqueue(queue: Queue, data: ReturnType<typeof sweepJob>, attempts: number): Promise<string> {
  const id = sweepJobId(data);
  const existing = await queue.getJob(id);
  if (existing && (await existing.getState()) === 'failed') await existing.remove();
  // With the same id BullMQ adds nothing: a second machine or a rerun joins the job already there.
  await queue.add(sweepPointJob, data, {
    jobId: id,
    attempts,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: { age: keepSeconds },
    removeOnFail: { age: keepSeconds },
  });
  return id;
}
