import { once } from 'node:events';
import type { z } from 'zod';
import { startQueueWorker } from '../../../eval/queue/sweep-worker.ts';
import { workerFlags } from '../command-options.ts';
import { interruptedExitCode } from '../interrupt.ts';

export const workerOptionsSchema = workerFlags;
export type WorkerCommandOptions = z.infer<typeof workerOptionsSchema>;

/**
 * `lamas worker`: takes jobs from the queue until SIGINT or SIGTERM, then finishes the jobs it
 * holds and exits. A second signal exits at once; those jobs then stall and go to another worker.
 */
export async function worker(options: WorkerCommandOptions): Promise<void> {
  const log = (line: string) => process.stderr.write(`worker: ${line}\n`);
  const running = startQueueWorker({ url: options.queue, concurrency: options.concurrency, cache: options.cache, stallSeconds: options.stallSeconds, log });
  await running.waitUntilReady();
  log(`waiting for jobs on ${options.queue} (concurrency ${options.concurrency})`);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(interruptedExitCode); // the second signal: do not wait for the jobs
    log(`${signal}: finishing the jobs in hand (again to quit now)`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await once(stop.signal, 'abort');
    await running.close();
    log('stopped');
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
