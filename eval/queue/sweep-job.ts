import { z } from 'zod';
import { trainConfigSchema } from '../../train/train-config.ts';
import type { SweepContext, SweepPointSpec } from '../sweep/sweep-point.ts';
import { sweepRowSchema } from '../sweep/sweep-row.ts';
import { jobId } from './job-id.ts';
import { jobBackend, jobBackendSchema, jobDataset, jobDatasetSchema, jobFiles } from './job-inputs.ts';

/** BullMQ job name of one sweep point. */
export const sweepPointJob = 'sweep-point';

const pointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('controller'), lambdaT: z.number().min(0), seed: z.number().int(), dir: z.string().min(1) }),
  z.object({ kind: z.literal('baseline'), baseline: z.string().min(1), seed: z.number().int(), dir: z.string().min(1), runId: z.string().min(1) }),
]);

/**
 * Everything a worker needs to run one point, with no shared filesystem: the datasets' rows travel
 * with the job (the file name too, since the checkpoint records it). `progress` is the point's last
 * checkpoint (and metrics.csv), stored by the worker that ran it, so a retry resumes there.
 */
export const sweepJobSchema = z.object({
  version: z.literal(1),
  task: z.string().min(1),
  point: pointSchema,
  train: jobDatasetSchema,
  test: jobDatasetSchema,
  config: trainConfigSchema,
  backend: jobBackendSchema,
  greedy: z.boolean(),
  queriesInFlight: z.number().int().positive(),
  progress: z.object({ step: z.number().int().min(0), files: jobFiles }).optional(),
});
export type SweepJob = z.infer<typeof sweepJobSchema>;

/** A finished point: its sweep.csv row (checkpoint relative to the point's directory) and every file it wrote. */
export const sweepJobResultSchema = z.object({ row: sweepRowSchema, files: jobFiles });
export type SweepJobResult = z.infer<typeof sweepJobResultSchema>;

/** The job of one point. The enqueuer's response-cache setting stays home: each worker caches as its own --cache says. */
export function sweepJob(context: SweepContext, point: SweepPointSpec): SweepJob {
  return {
    version: 1,
    task: context.task.name,
    point,
    train: jobDataset(context.train),
    test: jobDataset(context.test),
    config: trainConfigSchema.parse(context.config),
    backend: jobBackend(context.backend),
    greedy: context.greedy,
    queriesInFlight: context.queriesInFlight,
  };
}

/**
 * The job id: a hash of everything that decides the point's result (and of the lamas version,
 * job-id.ts). The same point enqueued twice (a retried sweep, a second machine) is one job, run
 * once; its result is deterministic, so a later sweep with the same inputs may take it as it is.
 */
export function sweepJobId(job: SweepJob, version?: string): string {
  const { progress: _progress, ...inputs } = job;
  return jobId('sweep', inputs, version);
}
