import { z } from 'zod';
import { type BackendOptions } from '../../src/backend/backend-options.ts';
import { backendFlags } from '../../src/backend/backend-flags.ts';
import type { Problem } from '../../src/tasks/task.ts';
import type { Dataset } from '../resolve-dataset.ts';

/** Packed files (point-files.ts) in a job's data or result. */
export const jobFiles = z.record(z.string(), z.string());

// Problems carry task-specific fields (answers, tests): the common ones are checked, the rest kept.
const problem = z.looseObject({ id: z.string(), index: z.number().int(), question: z.string(), difficulty: z.number() });
/** A dataset as it travels with a job: its rows, and its file name (a checkpoint records it). */
export const jobDatasetSchema = z.object({ file: z.string(), problems: z.array(problem) });
export type JobDataset = z.infer<typeof jobDatasetSchema>;

/** The backend flags a job carries: every one but the response cache, which is each worker's own (its --cache). */
export const jobBackendSchema = backendFlags.omit({ cache: true });

/** The job's backend flags from a command's options (which carry every flag: only the backend's are the job's). */
export function jobBackend(backend: BackendOptions): z.infer<typeof jobBackendSchema> {
  const { cache: _cache, ...rest } = backendFlags.parse(backend);
  return rest;
}

/** A dataset as plain JSON rows. */
export const jobDataset = (dataset: Pick<Dataset, 'file' | 'problems'>): JobDataset => ({ file: dataset.file, problems: dataset.problems.map((row) => ({ ...row })) });

/** A job's dataset as the runner takes it (the loose rows are whole Problems: they were Problems when enqueued). */
export const jobProblems = (rows: JobDataset['problems']): Problem[] => rows as Problem[];
