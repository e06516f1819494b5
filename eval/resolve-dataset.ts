import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { embeddedDataPath, embeddedHumanEvalPublicTestsPath } from '../data/index.ts';
import type { Dataset } from '../src/tasks/dataset.ts';
import { loadPublicTests } from '../src/tasks/humaneval/index.ts';
import type { Task } from '../src/tasks/task.ts';
import { InputError, UsageError } from '../src/util/errors.ts';

export type { Dataset } from '../src/tasks/dataset.ts';

export interface DatasetChoice {
  /** A task file (official or MaAS format). */
  data?: string;
  /** A split of the self-made data: train | test. */
  split?: string;
  limit?: number;
  /** Public asserts for the Test operator (humaneval). */
  publicTests?: string;
}

/**
 * The problems a command works on: `--data FILE`, or `--split` of the embedded self-made data
 * (default: test). For humaneval the public tests come from `--public-tests`, the embedded set,
 * or a `humaneval_public_test.jsonl` beside the data file.
 */
export async function resolveDataset(task: Task, choice: DatasetChoice): Promise<Dataset> {
  if (choice.data && choice.split) throw new UsageError('give either --data or --split, not both', '--split');
  const split = choice.split ?? 'test';
  if (!choice.data && split !== 'train' && split !== 'test') throw new UsageError(`unknown split "${split}" (train or test)`, '--split');
  const file = choice.data ?? embeddedDataPath(task.name, split as 'train' | 'test');
  const all = await task.load(file);
  // An empty file would "succeed" with n = 0 (and make training fail deep inside tfjs): it is bad input.
  if (all.length === 0) throw new InputError({ file }, 'holds no problems (the file is empty): nothing to run');
  const problems = choice.limit === undefined ? all : all.slice(0, choice.limit);
  if (task.name !== 'humaneval') return { file, problems };
  const testsFile = choice.publicTests ?? (choice.data ? besideData(choice.data) : embeddedHumanEvalPublicTestsPath());
  return { file, problems, publicTests: testsFile ? await loadPublicTests(testsFile) : undefined };
}

function besideData(data: string): string | undefined {
  const candidate = join(dirname(data), 'humaneval_public_test.jsonl');
  return existsSync(candidate) ? candidate : undefined;
}
