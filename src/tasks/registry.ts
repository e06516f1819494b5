import { UsageError } from '../util/errors.ts';
import { gsm8kTask } from './gsm8k/index.ts';
import { humanEvalTask } from './humaneval/index.ts';
import { mathTask } from './math/index.ts';
import { type Problem, type Task, type TaskName, taskNames } from './task.ts';

const tasks: Record<TaskName, Task> = {
  gsm8k: gsm8kTask as Task,
  math: mathTask as Task,
  humaneval: humanEvalTask as Task,
};

export function isTaskName(name: string): name is TaskName {
  return (taskNames as readonly string[]).includes(name);
}

export function getTask(name: string): Task<Problem> {
  if (!isTaskName(name)) throw new UsageError(`unknown task "${name}" (expected one of ${taskNames.join(', ')})`, '--task');
  return tasks[name];
}
