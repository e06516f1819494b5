import type { TaskName } from '../../src/tasks/task.ts';
import { gsm8kPrompts } from './gsm8k-prompts.ts';
import { humanEvalPrompts } from './humaneval-prompts.ts';
import { mathPrompts } from './math-prompts.ts';
import type { TaskPrompts } from './task-prompts.ts';

export const promptsByTask: Record<TaskName, TaskPrompts> = { gsm8k: gsm8kPrompts, math: mathPrompts, humaneval: humanEvalPrompts };
export type { TaskPrompts } from './task-prompts.ts';
export { letters } from './task-prompts.ts';
export { withGuidance } from './with-guidance.ts';
