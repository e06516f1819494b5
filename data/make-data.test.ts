import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanEvalMiniProblems } from './humaneval-mini-problems.ts';
import {
  embeddedDataDir,
  embeddedDataFiles,
  embeddedDataPath,
  embeddedHumanEvalPublicTestsPath,
  embeddedSplits,
  embeddedTasks,
} from './index.ts';
import { buildEmbeddedData, dataSizes } from './make-data.ts';

function readRows(relative: string): Array<Record<string, unknown>> {
  return readFileSync(join(embeddedDataDir, relative), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('shipped data files', () => {
  const built = buildEmbeddedData();

  it('match what the generators produce now (rerun `npx tsx data/make-data.ts` if this fails)', () => {
    for (const file of built) {
      const onDisk = readFileSync(join(embeddedDataDir, file.path), 'utf8');
      expect(onDisk === file.content, `data/${file.path} is stale`).toBe(true);
    }
  });

  it('exist at the paths data/index.ts hands out', () => {
    for (const task of embeddedTasks) {
      for (const split of embeddedSplits) expect(existsSync(embeddedDataPath(task, split)), `${task}/${split}`).toBe(true);
    }
    expect(existsSync(embeddedHumanEvalPublicTestsPath())).toBe(true);
  });

  it('hold GSM8K-format rows with every difficulty 1..8 represented evenly', () => {
    const train = readRows(embeddedDataFiles.gsm8k.train);
    const test = readRows(embeddedDataFiles.gsm8k.test);
    expect(train).toHaveLength(dataSizes.gsm8kTrain);
    expect(test).toHaveLength(dataSizes.gsm8kTest);
    for (const rows of [train, test]) {
      const perSteps = new Map<number, number>();
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(['question', 'answer']);
        const answer = row.answer as string;
        expect(answer).toMatch(/\n#### \d+$/);
        const steps = answer.split('\n').length - 1;
        perSteps.set(steps, (perSteps.get(steps) ?? 0) + 1);
      }
      expect([...perSteps.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const counts = [...perSteps.values()];
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    for (const rows of [train, test]) expect(new Set(rows.map((row) => row.question)).size).toBe(rows.length);
    const trainQuestions = new Set(train.map((row) => row.question));
    expect(test.filter((row) => trainQuestions.has(row.question))).toHaveLength(0);
  });

  it('hold MATH-format rows covering every subject and level, with unique ids', () => {
    const train = readRows(embeddedDataFiles.math.train);
    const test = readRows(embeddedDataFiles.math.test);
    expect(train).toHaveLength(dataSizes.mathTrain);
    expect(test).toHaveLength(dataSizes.mathTest);
    for (const rows of [train, test]) {
      expect(new Set(rows.map((row) => row.subject)).size).toBe(4);
      expect([...new Set(rows.map((row) => row.level))].sort()).toEqual([1, 2, 3, 4, 5]);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(['problem', 'solution', 'answer', 'subject', 'level', 'unique_id']);
        expect(row.solution as string).toContain(`\\boxed{${row.answer as string}}`);
      }
    }
    for (const rows of [train, test]) expect(new Set(rows.map((row) => row.problem)).size).toBe(rows.length);
    const ids = [...train, ...test].map((row) => row.unique_id);
    expect(new Set(ids).size).toBe(ids.length);
    const trainProblems = new Set(train.map((row) => row.problem));
    expect(test.filter((row) => trainProblems.has(row.problem))).toHaveLength(0);
  });
});

describe('humaneval-mini', () => {
  const rows = readRows(embeddedDataFiles.humaneval.test);
  const publicRows = readRows('humaneval-mini-public-tests.jsonl');

  it('has at least 24 problems in the official HumanEval layout with unique task ids', () => {
    expect(rows.length).toBeGreaterThanOrEqual(24);
    expect(rows.length).toBe(humanEvalMiniProblems.length);
    const ids = rows.map((row) => row.task_id);
    expect(new Set(ids).size).toBe(ids.length);
    const entryPoints = rows.map((row) => row.entry_point);
    expect(new Set(entryPoints).size).toBe(entryPoints.length);
    rows.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(['task_id', 'prompt', 'entry_point', 'canonical_solution', 'test']);
      expect(row.task_id).toBe(`LamasEval/${i}`);
      const prompt = row.prompt as string;
      expect(prompt).toContain(`def ${row.entry_point as string}(`);
      expect(prompt).toContain('>>> ');
      expect(prompt.endsWith('"""\n')).toBe(true);
      expect(row.canonical_solution as string).toMatch(/^ {4}\S/);
      const test = row.test as string;
      expect(test).toContain('def check(candidate):');
      const asserts = test.split('\n').filter((line) => line.startsWith('    assert '));
      expect(asserts.length).toBeGreaterThanOrEqual(4);
      expect(asserts.length).toBeLessThanOrEqual(8);
    });
  });

  it('publishes 2-3 public asserts per problem, each one of the hidden asserts', () => {
    expect(publicRows.map((row) => row.problem_id)).toEqual(rows.map((row) => row.task_id));
    publicRows.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(['problem_id', 'test', 'entry_point']);
      expect(row.entry_point).toBe(rows[i]!.entry_point);
      const asserts = row.test as string[];
      expect(asserts.length).toBeGreaterThanOrEqual(2);
      expect(asserts.length).toBeLessThanOrEqual(3);
      for (const line of asserts) {
        expect(line).toMatch(/^assert candidate\(/);
        expect(rows[i]!.test as string).toContain(`    ${line}\n`);
      }
    });
  });
});
