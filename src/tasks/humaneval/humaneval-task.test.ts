import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData, sharedFile } from '../../../test/shared-data.ts';
import { createPythonSandbox } from '../../sandbox/python-sandbox.ts';
import type { CodeProblem } from '../task.ts';
import { candidateProgram, extractCode } from './build-program.ts';
import { humanEvalTask } from './humaneval-task.ts';
import { loadPublicTests, publicTestsAsCheck } from './public-tests.ts';
import { runCheck } from './run-check.ts';

const sandbox = createPythonSandbox({ concurrency: 2 });
const dir = mkdtempSync(join(tmpdir(), 'lamas-humaneval-'));

const problem: CodeProblem = {
  id: 'Toy/0',
  taskId: 'Toy/0',
  index: 0,
  question: '',
  prompt: 'import math\n\ndef area(r):\n    """Area of a circle of radius r."""\n',
  entryPoint: 'area',
  test: 'def check(candidate):\n    assert abs(candidate(1) - math.pi) < 1e-9\n    assert candidate(0) == 0\n',
  canonicalSolution: '    return math.pi * r * r\n',
  difficulty: 1,
};
// 30 CPU seconds: a wrong body must fail, not time out; only the hangs use 1.
const grade = (output: string, cpuSeconds = 30) => humanEvalTask.grade(problem, output, { sandbox, cpuSeconds });

describe('humaneval task', () => {
  it('passes a correct body, fails a wrong one, reports exceptions and timeouts', async () => {
    expect(await grade('    return math.pi * r * r\n')).toMatchObject({ correct: true, status: 'passed' });
    expect(await grade('    return 2 * math.pi * r\n')).toMatchObject({ correct: false, status: 'failed' });
    const error = await grade('    return undefined_name\n');
    expect(error).toMatchObject({ correct: false, status: 'error' });
    expect(error.message).toContain("NameError: name 'undefined_name' is not defined");
    expect(await grade('    while True:\n        pass\n', 1)).toMatchObject({ status: 'timeout' });
    expect(await grade('   \n')).toMatchObject({ status: 'no_answer' });
  });

  it('limits CPU time, not wall time: a loop is a timeout, a wait within the wall net is not', async () => {
    const loop = await grade('    while True:\n        pass\n', 1);
    expect(loop).toMatchObject({ correct: false, status: 'timeout' });
    expect(loop.message).toContain('CPU time');
    // 1.5 s asleep spends almost no CPU: under a 1 s CPU budget the answer is still graded.
    expect(await grade('    import time\n    time.sleep(1.5)\n    return math.pi * r * r\n', 1)).toMatchObject({ correct: true, status: 'passed' });
  });

  it('accepts a chat answer with a fenced full function and keeps the prompt imports', async () => {
    const chat = 'Here you go:\n```python\ndef area(r):\n    return math.pi * r ** 2\n```\nDone.';
    expect(extractCode(chat, 'area')).toBe('def area(r):\n    return math.pi * r ** 2\n');
    expect(await grade(chat)).toMatchObject({ correct: true, status: 'passed' });
    expect(candidateProgram(problem, chat)).not.toContain('check');
  });

  it('loads MaAS ids as official ids and names the field of a bad row', async () => {
    const path = join(dir, 'he.jsonl');
    const row = { task_id: 'HumanEval_84', prompt: 'def f():\n', entry_point: 'f', test: 'def check(c): pass', canonical_solution: '    return 1\n' };
    writeFileSync(path, `${JSON.stringify(row)}\n${JSON.stringify({ ...row, entry_point: 'not valid!' })}\n`);
    await expect(humanEvalTask.load(path)).rejects.toThrow(`${path}:2 field "entry_point"`);
    writeFileSync(path, `${JSON.stringify(row)}\n`);
    expect((await humanEvalTask.load(path))[0]).toMatchObject({ id: 'HumanEval/84', entryPoint: 'f', difficulty: 1 });
  });

  describe.skipIf(!hasSharedData)('real HumanEval files', () => {
    it.each([
      ['humaneval/HumanEval.jsonl', 164],
      ['maas_splits/humaneval_validate.jsonl', 33],
      ['maas_splits/humaneval_test.jsonl', 131],
    ])('loads %s (%i rows)', async (path, rows) => {
      const problems = await humanEvalTask.load(sharedFile(path));
      expect(problems).toHaveLength(rows);
      expect(problems.every((p) => /^HumanEval\/\d+$/.test(p.id) && p.canonicalSolution)).toBe(true);
    });

    it('loads the public tests and runs them as a check() against canonical solutions', async () => {
      const tests = await loadPublicTests(sharedFile('maas_splits/humaneval_public_test.jsonl'));
      expect(tests.size).toBe(159);
      expect(tests.has('HumanEval/32')).toBe(false);
      const problems = await humanEvalTask.load(sharedFile('humaneval/HumanEval.jsonl'));
      const first = problems[0]!;
      const verdict = await runCheck(sandbox, { problem: first, output: first.canonicalSolution!, test: publicTestsAsCheck(tests.get(first.id)!), cpuSeconds: 10 });
      expect(verdict.status).toBe('passed');
    });
  });
});
