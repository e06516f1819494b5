import { UsageError } from '../util/errors.ts';
import { gsm8kTask } from './gsm8k/index.ts';
import { humanEvalTask } from './humaneval/index.ts';
import { mathTask } from './math/index.ts';
import type { Problem, Task } from './task.ts';

/** Every task `--task` accepts: a new task is its folder plus one line here. */
const tasks: readonly Task[] = [gsm8kTask as Task, mathTask as Task, humanEvalTask as Task];

/** The registered names, for zod enums (checkpoint specs, request bodies). */
export const taskNames = tasks.map((task) => task.name) as [string, ...string[]];

export function getTask(name: string): Task<Problem> {
  const task = tasks.find((candidate) => candidate.name === name);
  if (!task) throw new UsageError(`unknown task "${name}" (expected one of ${taskNames.join(', ')})`, '--task');
  return task;
}
