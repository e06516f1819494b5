export { candidateProgram, extractCode } from './build-program.ts';
export { classifyRun, type RunVerdict } from './classify-run.ts';
export { runCheck, type CheckRequest } from './run-check.ts';
export { humanEvalTask } from './humaneval-task.ts';
export { loadPublicTests, publicTestsAsCheck, type PublicTests } from './public-tests.ts';
export { canonicalTaskId } from './task-id.ts';
