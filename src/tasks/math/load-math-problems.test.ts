import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMathProblems } from './load-math-problems.ts';

const dir = mkdtempSync(join(tmpdir(), 'lamas-math-'));
function file(name: string, rows: Array<string | object>): string {
  const path = join(dir, name);
  writeFileSync(path, `${rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n')}\n`);
  return path;
}

const official = {
  problem: 'What is $1+1$?',
  solution: 'It is $\\boxed{2}$.',
  answer: '2',
  subject: 'Algebra',
  level: 3,
  unique_id: 'test/algebra/1.json',
};
const maas = {
  problem: 'Compute $\\frac{1}{2}+\\frac{1}{4}$.',
  level: 'Level 5',
  type: 'Prealgebra',
  solution: 'First $\\boxed{1}$, finally $\\boxed{\\frac{3}{4}}$.',
};

describe('loadMathProblems', () => {
  it('reads official (PRM800K) rows', async () => {
    const path = file('test.jsonl', [official, { ...official, unique_id: undefined, level: '2', answer: '\\frac{1}{2}' }]);
    expect(await loadMathProblems(path)).toEqual([
      { id: 'test/algebra/1.json', index: 0, question: 'What is $1+1$?', answer: '2', subject: 'Algebra', level: 3, difficulty: 3 },
      { id: 'test-1', index: 1, question: 'What is $1+1$?', answer: '\\frac{1}{2}', subject: 'Algebra', level: 2, difficulty: 2 },
    ]);
  });

  it('reads MaAS/Hendrycks rows: the answer is the last box of the solution, ids count non-blank lines', async () => {
    const path = file('math_test.jsonl', [maas, '', { ...maas, level: 'Level 1', type: 'Number Theory' }]);
    expect(await loadMathProblems(path)).toEqual([
      { id: 'math_test-0', index: 0, question: maas.problem, answer: '\\frac{3}{4}', subject: 'Prealgebra', level: 5, difficulty: 5 },
      { id: 'math_test-1', index: 1, question: maas.problem, answer: '\\frac{3}{4}', subject: 'Number Theory', level: 1, difficulty: 1 },
    ]);
  });

  it('falls back to difficulty 3 for a missing or unknown level, and keeps an empty answer', async () => {
    const path = file('train.jsonl', [
      { ...official, level: null, unique_id: 'a' },
      { ...official, level: 'Level ?', unique_id: 'b' },
      { ...official, answer: '', unique_id: 'c' },
    ]);
    const problems = await loadMathProblems(path);
    expect(problems.map((problem) => [problem.level, problem.difficulty, problem.answer])).toEqual([
      [null, 3, '2'],
      [null, 3, '2'],
      [3, 3, ''],
    ]);
  });

  it.each([
    ['missing problem', [official, { ...official, problem: undefined, unique_id: 'x' }], 2, 'problem'],
    ['answer of the wrong type', [{ ...official, answer: 5 }], 1, 'answer'],
    ['level out of range', [official, '', { ...official, level: 9, unique_id: 'x' }], 3, 'level'],
    ['level that is no level', [{ ...official, level: 'hard' }], 1, 'level'],
    ['MaAS row without a box', [maas, { ...maas, solution: 'It is 3.' }], 2, 'solution'],
    ['MaAS row with an unclosed last box', [{ ...maas, solution: '\\boxed{1} then \\boxed{2' }], 1, 'solution'],
    ['row with neither answer nor solution', [{ problem: 'p', type: 'Algebra', level: 'Level 1' }], 1, 'solution'],
    ['duplicate id', [official, official], 2, 'unique_id'],
  ])('fails on %s with file, line and field', async (_, rows, line, field) => {
    const path = file(`bad-${field}-${line}.jsonl`, rows);
    await expect(loadMathProblems(path)).rejects.toThrow(`${path}:${line} field "${field}"`);
  });

  it('names the file for malformed JSON and for a missing file', async () => {
    const path = file('broken.jsonl', ['{"problem": "x"']);
    await expect(loadMathProblems(path)).rejects.toThrow(`${path}:1: not valid JSON`);
    await expect(loadMathProblems(join(dir, 'absent.jsonl'))).rejects.toThrow(join(dir, 'absent.jsonl'));
  });
});
