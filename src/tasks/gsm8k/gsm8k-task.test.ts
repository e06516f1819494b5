import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData, sharedFile } from '../../../test/shared-data.ts';
import { createPythonSandbox } from '../../sandbox/python-sandbox.ts';
import { Random } from '../../util/random.ts';
import { gsm8kTask } from './gsm8k-task.ts';

const sandbox = createPythonSandbox();
const dir = mkdtempSync(join(tmpdir(), 'lamas-gsm8k-'));
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('gsm8k task', () => {
  it('loads official rows (#### answer, steps = solution lines) and MaAS rows (bare answer, cot, id)', async () => {
    const official = file('test.jsonl', [
      JSON.stringify({ question: 'Q1?', answer: 'a = <<1+1=2>>2\nb = <<2*3=6>>6\n#### 1,006' }),
      JSON.stringify({ question: 'Q2?', answer: 'one step\n#### -4' }),
    ]);
    const maas = file('gsm8k_test.jsonl', [JSON.stringify({ question: 'Q?', answer: '69', cot: 'x\ny\nz', id: 'gsm8k-test-598' })]);
    const [first, second] = await gsm8kTask.load(official);
    expect(first).toEqual({ id: 'test-0', index: 0, question: 'Q1?', answer: '1006', difficulty: 2 });
    expect(second).toMatchObject({ id: 'test-1', answer: '-4', difficulty: 1 });
    expect(await gsm8kTask.load(maas)).toEqual([{ id: 'gsm8k-test-598', index: 0, question: 'Q?', answer: '69', difficulty: 3 }]);
  });

  it('names file, line and field for a bad row', async () => {
    const bad = file('bad.jsonl', [JSON.stringify({ question: 'ok', answer: '#### 1' }), '', JSON.stringify({ question: 'no answer' })]);
    await expect(gsm8kTask.load(bad)).rejects.toThrow(`${bad}:3 field "answer"`);
    const broken = file('broken.jsonl', ['{"question": "x", "answer": "1"', '']);
    await expect(gsm8kTask.load(broken)).rejects.toThrow(`${broken}:1: not valid JSON`);
    const noNumber = file('nonumber.jsonl', [JSON.stringify({ question: 'x', answer: '#### many' })]);
    await expect(gsm8kTask.load(noNumber)).rejects.toThrow(`${noNumber}:1 field "answer"`);
  });

  it('grades with numeric tolerance and reports no_answer', async () => {
    const [problem] = await gsm8kTask.load(file('one.jsonl', [JSON.stringify({ question: 'q', answer: '#### 18' })]));
    const grade = (output: string) => gsm8kTask.grade(problem!, output, { sandbox });
    expect(await grade('so $18.00 a day')).toEqual({ correct: true, status: 'passed', extracted: '18' });
    expect(await grade('The answer is 17')).toEqual({ correct: false, status: 'failed', extracted: '17' });
    expect(await grade('no idea')).toEqual({ correct: false, status: 'no_answer', extracted: null });
  });

  describe.skipIf(!hasSharedData)('real GSM8K files', () => {
    it('grades every official test reference answer as correct (1319/1319)', async () => {
      const problems = await gsm8kTask.load(sharedFile('gsm8k/test.jsonl'));
      const { readFileSync } = await import('node:fs');
      const references = readFileSync(sharedFile('gsm8k/test.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).answer as string);
      const grades = await Promise.all(problems.map((problem, i) => gsm8kTask.grade(problem, references[i]!, { sandbox })));
      expect(problems).toHaveLength(1319);
      expect(grades.filter((grade) => grade.correct)).toHaveLength(1319);
    });

    it.each([
      ['gsm8k/test.jsonl', 1319],
      ['gsm8k/train.jsonl', 7473],
      ['gsm8k/test_socratic.jsonl', 1319],
      ['maas_splits/gsm8k_validate.jsonl', 264],
      ['maas_splits/gsm8k_test.jsonl', 1055],
    ])('loads %s (%i rows)', async (path, rows) => {
      const problems = await gsm8kTask.load(sharedFile(path));
      expect(problems).toHaveLength(rows);
      expect(new Set(problems.map((problem) => problem.id)).size).toBe(rows);
      expect(problems.every((problem) => problem.difficulty >= 1 && Number.isFinite(Number(problem.answer)))).toBe(true);
    });
  });
});

describe('the sim rules of gsm8k', () => {
  it('never offer as a wrong answer one the grader would accept (large references included)', async () => {
    for (const reference of ['18', '2500000', '123456789', '0.5']) {
      const meta = { task: 'gsm8k', queryId: 'q', role: 'generate', reference } as Parameters<typeof gsm8kTask.sim.wrongAnswers>[0];
      const pool = await gsm8kTask.sim.wrongAnswers(meta, 8, Random.fromSeed(1));
      expect(pool.length).toBeGreaterThan(0);
      for (const wrong of pool) expect(gsm8kTask.sameAnswer(wrong, reference), `${wrong} against ${reference}`).toBe(false);
    }
  });
});
