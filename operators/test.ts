import { publicTestsAsCheck } from '../src/tasks/humaneval/index.ts';
import type { CodeProblem } from '../src/tasks/task.ts';
import { majority } from './answers.ts';
import type { Operator } from './operator.ts';
import { solutionFrom } from './solution-from.ts';

/** Test runs, each followed by a rewrite when it fails (MaAS: 3). */
export const testRounds = 3;
const runCpuSeconds = 5;

/**
 * Code tasks: runs the problem's public tests on the consensus solution in the sandbox; on a
 * failure, shows the failure to the model and takes its rewrite, up to three rounds. Without
 * public tests for the problem it passes the solution through unchanged.
 */
export const test: Operator = {
  name: 'Test',
  description: 'Runs the visible unit tests on the current solution and repairs it when they fail.',
  async run(context) {
    const draft = majority(context.task, context.inputs);
    const problem = context.problem as CodeProblem;
    const tests = problem.publicTests;
    if (!draft || !tests || tests.asserts.length === 0) return draft ? [{ ...draft, source: context.nodeId }] : [];
    let current = draft;
    for (let round = 0; round < testRounds; round++) {
      const verdict = await context.runtime.runCheck({ problem, output: current.text, test: publicTestsAsCheck(tests), cpuSeconds: runCpuSeconds });
      if (verdict.status === 'passed') break;
      const response = await context.runtime.chat({
        messages: context.prompts.testReflect(problem, current.answer ?? current.text, verdict.message ?? verdict.status),
        temperature: 0,
        sampleIndex: context.sampleBase,
        meta: context.meta('test-reflect', { inputs: [current.answer ?? ''], attempt: round }),
      });
      current = solutionFrom(context, response.texts[0] ?? '');
    }
    return [{ ...current, source: context.nodeId }];
  },
};
