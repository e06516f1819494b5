import { createHash } from 'node:crypto';
import { z } from 'zod';
import { backendFlags } from '../../src/backend/backend-flags.ts';
import { canonicalJson } from '../../src/llm/cache/canonical-json.ts';
import type { Problem } from '../../src/tasks/task.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import type { SweepContext, SweepPointSpec } from '../sweep/sweep-point.ts';
import { sweepRowSchema } from '../sweep/sweep-row.ts';

/** BullMQ job name of one sweep point. */
export const sweepPointJob = 'sweep-point';

const files = z.record(z.string(), z.string());

const pointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('controller'), lambdaT: z.number().min(0), seed: z.number().int(), dir: z.string().min(1) }),
  z.object({ kind: z.literal('baseline'), baseline: z.string().min(1), seed: z.number().int(), dir: z.string().min(1), runId: z.string().min(1) }),
]);

// Problems carry task-specific fields (answers, tests): the common ones are checked, the rest kept.
const problem = z.looseObject({ id: z.string(), index: z.number().int(), question: z.string(), difficulty: z.number() });
const dataset = z.object({ file: z.string(), problems: z.array(problem) });

/**
 * Everything a worker needs to run one point, with no shared filesystem: the datasets' rows travel
 * with the job (the file name too, since the checkpoint records it). `progress` is the point's last
 * checkpoint (and metrics.csv), stored by the worker that ran it, so a retry resumes there.
 */
export const sweepJobSchema = z.object({
  version: z.literal(1),
  task: z.string().min(1),
  point: pointSchema,
  train: dataset,
  test: dataset,
  config: trainConfigSchema,
  backend: backendFlags,
  greedy: z.boolean(),
  queriesInFlight: z.number().int().positive(),
  progress: z.object({ step: z.number().int().min(0), files }).optional(),
});
export type SweepJob = z.infer<typeof sweepJobSchema>;

/** A finished point: its sweep.csv row (checkpoint relative to the point's directory) and every file it wrote. */
export const sweepJobResultSchema = z.object({ row: sweepRowSchema, files });
export type SweepJobResult = z.infer<typeof sweepJobResultSchema>;

/** The job of one point. The enqueuer's response-cache setting stays home: each worker caches as its own --cache says. */
export function sweepJob(context: SweepContext, point: SweepPointSpec): SweepJob {
  // The sweep's options carry every flag: only the backend's are the job's.
  const { cache: _cache, ...backend } = backendFlags.parse(context.backend);
  return {
    version: 1,
    task: context.task.name,
    point,
    train: jobDataset(context.train),
    test: jobDataset(context.test),
    config: trainConfigSchema.parse(context.config),
    backend,
    greedy: context.greedy,
    queriesInFlight: context.queriesInFlight,
  };
}

/**
 * The job id: a hash of everything that decides the point's result. The same point enqueued twice
 * (a retried sweep, a second machine) is one job, run once; its result is deterministic, so a
 * later sweep with the same inputs may take it as it is.
 */
export function sweepJobId(job: SweepJob): string {
  const { progress: _progress, ...inputs } = job;
  return `sweep-${createHash('sha256').update(canonicalJson(inputs)).digest('hex').slice(0, 40)}`;
}

/** A dataset as plain JSON rows. */
const jobDataset = (dataset: SweepContext['train']): SweepJob['train'] => ({ file: dataset.file, problems: dataset.problems.map((row) => ({ ...row })) });

/** A job's datasets as the runner takes them (the loose rows are whole Problems: they were Problems when enqueued). */
export const jobProblems = (rows: SweepJob['train']['problems']): Problem[] => rows as Problem[];
