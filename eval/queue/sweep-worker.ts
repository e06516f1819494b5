import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { BackendOptions } from '../../src/backend/backend-options.ts';
import { LamasError } from '../../src/util/errors.ts';
import { queueName, redisOptions } from './queue-options.ts';
import { evalShardJob } from './eval-shard-job.ts';
import { runEvalShardJob } from './run-eval-shard-job.ts';
import { runSweepJob, type SweepJobHandle } from './run-sweep-job.ts';
import { type SweepJob, sweepPointJob } from './sweep-job.ts';

export interface QueueWorkerOptions {
  url: string;
  /** Jobs run at once by this process. */
  concurrency: number;
  /** This machine's response cache (a SQLite path, redis://..., or false); the job's own setting stays with the sweep. */
  cache: BackendOptions['cache'];
  /**
   * Seconds without a lock renewal after which a job counts as stalled (its worker died) and is
   * handed to another worker; checked as often. A live worker renews every half of it.
   */
  stallSeconds: number;
  log: (line: string) => void;
}

/** The runner of each kind of job, by its BullMQ name. */
const runners: Record<string, (job: SweepJobHandle, cache: BackendOptions['cache'], log: (line: string) => void) => Promise<unknown>> = {
  [sweepPointJob]: runSweepJob,
  [evalShardJob]: runEvalShardJob,
};

/**
 * A BullMQ worker for lamas jobs, sweep points and eval shards (DESIGN §12). A job's worker that dies (SIGKILL, a lost machine)
 * stops renewing its lock: after `stallSeconds` the job goes back to the queue, and its retry
 * resumes from the checkpoint stored with it. A stall is not one of the job's attempts, and many
 * are allowed: a worker whose event loop was starved on a loaded machine only repeats work, whose
 * result is the same bytes. An error thrown by the job is an attempt; a UsageError or InputError
 * (bad input, the same on every machine) fails the job at once.
 */
export function startQueueWorker(options: QueueWorkerOptions): Worker {
  const worker = new Worker(
    queueName,
    async (job: Job) => {
      const run = runners[job.name];
      if (!run) throw new UnrecoverableError(`unknown job "${job.name}" (this lamas knows ${Object.keys(runners).join(', ')})`);
      try {
        return await run(
          {
            id: job.id ?? '?',
            data: job.data,
            updateData: (data: SweepJob) => job.updateData(data),
            updateProgress: (queries: number) => job.updateProgress(queries),
          },
          options.cache,
          options.log,
        );
      } catch (error) {
        options.log(`job ${job.id} failed (attempt ${job.attemptsMade + 1}): ${error instanceof Error ? error.message : String(error)}`);
        if (LamasError.isInstance(error) && error.exitCode === 2) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      connection: redisOptions(options.url, '--queue'),
      concurrency: options.concurrency,
      lockDuration: options.stallSeconds * 1000,
      stalledInterval: options.stallSeconds * 1000,
      maxStalledCount: 100,
    },
  );
  // Without a listener a connection error (Redis restarting) would crash the process; ioredis reconnects.
  worker.on('error', (error) => options.log(`queue: ${error.message}`));
  return worker;
}
