import { embeddedDataPath, embeddedPublicTestsPath, embeddedTasks } from '../data/index.ts';
import type { Dataset } from '../src/tasks/dataset.ts';
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
 * (default: test). Code problems carry public tests from `--public-tests`, the embedded set's, or
 * what the task finds beside the data file (humaneval: `humaneval_public_test.jsonl`).
 */
export async function resolveDataset(task: Task, choice: DatasetChoice): Promise<Dataset> {
  if (choice.data && choice.split) throw new UsageError('give either --data or --split, not both', '--split');
  const split = choice.split ?? 'test';
  if (!choice.data && split !== 'train' && split !== 'test') throw new UsageError(`unknown split "${split}" (train or test)`, '--split');
  if (!choice.data && !(embeddedTasks as readonly string[]).includes(task.name)) throw new UsageError(`no embedded data for ${task.name}: give --data`, '--data');
  const file = choice.data ?? embeddedDataPath(task.name as (typeof embeddedTasks)[number], split as 'train' | 'test');
  const publicTests = choice.publicTests ?? (choice.data ? undefined : embeddedPublicTestsPath(task.name));
  const all = await task.load(file, publicTests === undefined ? {} : { publicTests });
  // An empty file would "succeed" with n = 0 (and make training fail deep inside tfjs): it is bad input.
  if (all.length === 0) throw new InputError({ file }, 'holds no problems (the file is empty): nothing to run');
  return { file, problems: choice.limit === undefined ? all : all.slice(0, choice.limit) };
}
