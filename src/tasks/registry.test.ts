import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDataPath, embeddedHumanEvalPublicTestsPath } from '../../data/index.ts';
import { consumingOperators, isOperatorName } from '../../operators/operator-names.ts';
import { UsageError } from '../util/errors.ts';
import { humanEvalTask } from './humaneval/index.ts';
import { getTask, taskNames } from './registry.ts';

const root = mkdtempSync(join(tmpdir(), 'lamas-tasks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('task registry', () => {
  it('lists every task once and names the known ones on an unknown name', () => {
    expect(taskNames).toEqual(['gsm8k', 'math', 'humaneval']);
    for (const name of taskNames) expect(getTask(name).name).toBe(name);
    expect(() => getTask('chess')).toThrow(UsageError);
    expect(() => getTask('chess')).toThrow('unknown task "chess" (expected one of gsm8k, math, humaneval)');
  });

  it('gives every task a valid operator set with a generating operator', () => {
    for (const name of taskNames) {
      const { operators } = getTask(name);
      expect(operators.every(isOperatorName)).toBe(true);
      expect(operators.some((operator) => !consumingOperators.has(operator))).toBe(true);
    }
  });

  it.each(['gsm8k', 'math'] as const)('%s: a reference stated by formatAnswer reads back as the same answer', async (name) => {
    const task = getTask(name);
    for (const problem of await task.load(embeddedDataPath(name, 'test'))) {
      const reference = task.sim.hints(problem).reference;
      const read = task.extractAnswer(`Some work.\n${task.formatAnswer(reference)}`, problem);
      expect(read, `${problem.id}: ${reference}`).not.toBeNull();
      expect(task.sameAnswer(read!, reference), `${problem.id}: ${read} vs ${reference}`).toBe(true);
    }
  });

  it('serves gsm8k and math queries with an empty reference and refuses humaneval', () => {
    const query = { id: 'q-1', index: 0, question: 'What is 6 x 7?', difficulty: 3 };
    for (const name of ['gsm8k', 'math']) {
      const { serving, sim } = getTask(name);
      if ('refused' in serving) throw new Error(`${name} refuses serving`);
      const problem = serving.problem({ ...query, difficulty: serving.difficulty });
      expect(problem).toMatchObject(query);
      expect(sim.hints(problem).reference).toBe('');
    }
    expect(getTask('humaneval').serving).toEqual({ refused: expect.stringContaining('only POST /v1/topology') });
  });
});

describe('humaneval public tests travel on the problem', () => {
  const data = embeddedDataPath('humaneval', 'test');

  it('attaches the given public tests to each problem they name', async () => {
    const problems = await humanEvalTask.load(data, { publicTests: embeddedHumanEvalPublicTestsPath() });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem.publicTests?.taskId).toBe(problem.taskId);
  });

  it('finds humaneval_public_test.jsonl beside the data file, and has none without it', async () => {
    expect((await humanEvalTask.load(data)).some((problem) => problem.publicTests !== undefined)).toBe(false);
    const dir = mkdtempSync(join(root, 'beside-'));
    const [first] = await humanEvalTask.load(data);
    writeFileSync(join(dir, 'data.jsonl'), `${JSON.stringify({ task_id: first!.taskId, prompt: first!.prompt, entry_point: first!.entryPoint, test: first!.test })}\n`);
    writeFileSync(join(dir, 'humaneval_public_test.jsonl'), `${JSON.stringify({ problem_id: first!.taskId, test: ['assert candidate(1) is not None'], entry_point: first!.entryPoint })}\n`);
    const [problem] = await humanEvalTask.load(join(dir, 'data.jsonl'));
    expect(problem!.publicTests).toEqual({ taskId: first!.taskId, entryPoint: first!.entryPoint, asserts: ['assert candidate(1) is not None'] });
  });
});
