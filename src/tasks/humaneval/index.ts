export { buildProgram, extractCode } from './build-program.ts';
export { classifyRun } from './classify-run.ts';
export { humanEvalTask } from './humaneval-task.ts';
export { loadPublicTests, publicTestsAsCheck, type PublicTests } from './public-tests.ts';
export { canonicalTaskId } from './task-id.ts';
