export type { TaskPrompts } from '../../src/tasks/task-prompts.ts';
export { letters } from '../../src/tasks/task-prompts.ts';
export { withGuidance } from './with-guidance.ts';
