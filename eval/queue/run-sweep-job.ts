import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendOptions } from '../../src/backend/backend-options.ts';
import { getTask } from '../../src/tasks/registry.ts';
import { pointLabel, runSweepPoint } from '../sweep/sweep-point.ts';
import { packFiles, unpackFiles } from './point-files.ts';
import { jobProblems } from './job-inputs.ts';
import { type SweepJob, type SweepJobResult, sweepJobSchema } from './sweep-job.ts';

/** What the runner needs from a BullMQ job (a narrow view, so the runner is testable without Redis). */
export interface SweepJobHandle {
  id: string;
  data: unknown;
  /** Stores the job's data (with its progress) in Redis. */
  updateData(data: SweepJob): Promise<void>;
  /** Queries done so far in this point (trained or evaluated). */
  updateProgress(queries: number): Promise<void>;
}

/** Files of a point a resumed training needs: its checkpoint and the metrics logged up to it. */
const resumeFiles = ['checkpoint', 'metrics.csv'];

/**
 * Runs one sweep point in a fresh temp directory, through the same runSweepPoint as a local
 * sweep, and returns its row and files. Each checkpoint the training saves is stored with the job
 * first, so a worker killed mid-training loses at most the batches since it: the retry unpacks it
 * and resumes (training resumes exactly as an uninterrupted run, train/resume.test.ts).
 */
export async function runSweepJob(job: SweepJobHandle, cache: BackendOptions['cache'], log: (line: string) => void): Promise<SweepJobResult> {
  const data = sweepJobSchema.parse(job.data);
  const root = await mkdtemp(join(tmpdir(), 'lamas-job-'));
  const dir = join(root, 'point');
  try {
    const resume = data.progress !== undefined && data.point.kind === 'controller';
    if (resume) {
      await unpackFiles(dir, data.progress!.files, { atomic: false });
      log(`job ${job.id} (${pointLabel(data.point, 2)}): resuming from its checkpoint at step ${data.progress!.step}`);
    } else log(`job ${job.id} (${pointLabel(data.point, 2)}): started`);
    let done = 0;
    const row = await runSweepPoint(
      {
        task: getTask(data.task),
        train: { file: data.train.file, problems: jobProblems(data.train.problems) },
        test: { file: data.test.file, problems: jobProblems(data.test.problems) },
        config: data.config,
        backend: { ...data.backend, cache },
        greedy: data.greedy,
        queriesInFlight: data.queriesInFlight,
      },
      data.point,
      dir,
      {
        resume,
        onTrainStart: (step) => {
          done = Math.min(step * data.config.batchSize, data.config.epochs * data.train.problems.length);
        },
        tick: (queries) => {
          done += queries;
          // Progress only feeds the sweep's bar: sent without waiting, and a lost update is not an error.
          job.updateProgress(done).catch(() => undefined);
        },
        onCheckpoint: async (step) => {
          await job.updateData({ ...data, progress: { step, files: await packFiles(dir, resumeFiles) } });
          log(`job ${job.id} (${pointLabel(data.point, 2)}): checkpoint at step ${step} stored`);
        },
      },
    );
    const files = await packFiles(dir);
    log(`job ${job.id} (${pointLabel(data.point, 2)}): done`);
    return { row: { ...row, checkpoint: row.checkpoint === null ? null : 'checkpoint' }, files };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
