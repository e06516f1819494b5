import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Queue } from 'bullmq';
import { queueName, redisOptions } from './queue-options.ts';

/** Kept this long in Redis, so a command run again with the same inputs takes the results as they are. */
const keepSeconds = 7 * 24 * 3600;
const pollMs = 500;

/** One job to enqueue and wait for. */
export interface JobSpec {
  /** BullMQ job name (which runner a worker uses). */
  name: string;
  id: string;
  data: object;
  /** Its queries, for the progress bar (the job reports the queries it has done as its progress). */
  work: number;
}

/** A job that failed on its last attempt, or was removed from the queue. */
export interface JobFailure {
  index: number;
  attempts: number;
  error: string;
}

export interface AwaitJobsOptions {
  url: string;
  /** Tries per job before it fails with its last error. */
  attempts: number;
  /** Who waits, in the lines it prints while Redis is unreachable ("sweep", "eval"). */
  who: string;
  /** Queries done, as the jobs report them. */
  tick: (queries: number) => void;
  /** A job completed: its result is taken here, once. */
  onCompleted: (index: number, result: unknown) => Promise<void>;
  onFailed?: (failure: JobFailure) => void;
  /** Stops waiting (Ctrl-C): the jobs stay on the queue, where a rerun finds them. */
  signal?: AbortSignal;
}

/**
 * Enqueues the jobs (ids from their inputs: enqueuing again adds nothing) and waits for each to
 * finish on some worker, handing each completed job's result to `onCompleted` once, when it is
 * first seen completed. A job that ended failed earlier (a previous run) is enqueued afresh; one
 * that completed earlier is taken as it is. Resolves with the failed jobs; the queue outlives
 * Redis restarts (redisOptions) and is closed on return.
 */
export async function awaitJobs(jobs: readonly JobSpec[], options: AwaitJobsOptions): Promise<JobFailure[]> {
  const queue = new Queue(queueName, { connection: redisOptions(options.url, '--queue') });
  let lastError = '';
  queue.on('error', (error) => {
    // Told once per distinct cause: Redis restarting would otherwise print a line per retry.
    if (error.message !== lastError) process.stderr.write(`${options.who}: queue: ${error.message} (waiting for Redis)\n`);
    lastError = error.message;
  });
  try {
    for (const job of jobs) await enqueue(queue, job, options.attempts);
    const failed: JobFailure[] = [];
    const seen = new Map<number, number>();
    const pending = new Set(jobs.keys());
    const tickTo = (index: number, queries: number) => {
      const before = seen.get(index) ?? 0;
      if (queries > before) options.tick(queries - before);
      seen.set(index, Math.max(before, queries));
    };
    const fail = (failure: JobFailure) => {
      failed.push(failure);
      options.onFailed?.(failure);
      pending.delete(failure.index);
    };
    for (let round = 0; pending.size > 0 && !options.signal?.aborted; round += 1) {
      for (const index of [...pending]) {
        const spec = jobs[index]!;
        const state = await queue.getJobState(spec.id);
        if (state !== 'completed' && state !== 'failed' && round % 4 !== 0) continue;
        const job: Job | undefined = await queue.getJob(spec.id);
        if (!job) {
          fail({ index, attempts: 0, error: 'the job was removed from the queue' });
          continue;
        }
        if (typeof job.progress === 'number') tickTo(index, Math.min(job.progress, spec.work));
        if (state === 'completed') {
          await options.onCompleted(index, job.returnvalue);
          tickTo(index, spec.work);
          pending.delete(index);
        } else if (state === 'failed') fail({ index, attempts: job.attemptsMade, error: job.failedReason ?? 'no reason recorded' });
      }
      if (pending.size > 0) await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
    return failed;
  } finally {
    await queue.close();
  }
}

async function enqueue(queue: Queue, job: JobSpec, attempts: number): Promise<void> {
  const existing = await queue.getJob(job.id);
  if (existing && (await existing.getState()) === 'failed') await existing.remove();
  // With the same id BullMQ adds nothing: a second machine or a rerun joins the job already there.
  await queue.add(job.name, job.data, {
    jobId: job.id,
    attempts,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: { age: keepSeconds },
    removeOnFail: { age: keepSeconds },
  });
}
