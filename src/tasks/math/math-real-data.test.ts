import { afterAll, describe, expect, it } from 'vitest';
import { hasSharedData, sharedDataDir, sharedFile } from '../../../test/shared-data.ts';
import { readJsonl } from '../../util/jsonl.ts';
import type { Sandbox } from '../../sandbox/sandbox.ts';
import { stopCasWorker } from './cas-compare.ts';
import { loadMathProblems } from './load-math-problems.ts';
import { mathAnswersEquivalent } from './math-answers-equivalent.ts';
import { mathTask } from './math-task.ts';
import { parseExactRational } from './parse-exact-rational.ts';

if (!hasSharedData) console.warn(`math real-data tests skipped: ${sharedDataDir} (../shared/data beside the repository) is absent`);
afterAll(() => stopCasWorker());

const options = { sandbox: {} as Sandbox };

/** Skips, with the warning above, where the benchmark files are not beside the repository. */
const itReal = it.skipIf(!hasSharedData);

describe('MATH grader on the real files', () => {
  itReal.each([
    ['math/test.jsonl', 5000],
    ['math/train.jsonl', 7500],
    ['math/math500_test.jsonl', 500],
    ['maas_splits/math_validate.jsonl', 119],
    ['maas_splits/math_test.jsonl', 486],
  ])('loads %s (%i rows)', async (relative, rows) => {
    const problems = await loadMathProblems(sharedFile(relative));
    expect(problems).toHaveLength(rows);
    expect(new Set(problems.map((problem) => problem.id)).size).toBe(rows);
    for (const problem of problems) expect(problem.difficulty).toBeGreaterThanOrEqual(1);
  });

  itReal('grades every reference solution of math/test.jsonl as correct (5000/5000)', async () => {
    const file = sharedFile('math/test.jsonl');
    const [problems, lines] = await Promise.all([loadMathProblems(file), readJsonl(file)]);
    const started = performance.now();
    const misses: string[] = [];
    for (const problem of problems) {
      const { solution } = lines[problem.index]!.value as { solution: string };
      const grade = await mathTask.grade(problem, solution, options);
      if (!grade.correct) misses.push(`${problem.id}: reference ${JSON.stringify(problem.answer)}, read ${JSON.stringify(grade.extracted)} (${grade.status})`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`math/test.jsonl: ${problems.length - misses.length}/${problems.length} reference solutions graded correct in ${seconds.toFixed(2)} s`);
    for (const miss of misses) console.info(`  miss ${miss}`);
    expect(misses).toEqual([]);
  });

  itReal('grades every MaAS split solution against the answer read from it', async () => {
    for (const relative of ['maas_splits/math_validate.jsonl', 'maas_splits/math_test.jsonl']) {
      const file = sharedFile(relative);
      const [problems, lines] = await Promise.all([loadMathProblems(file), readJsonl(file)]);
      for (const problem of problems) {
        const { solution } = lines[problem.index]!.value as { solution: string };
        expect((await mathTask.grade(problem, solution, options)).correct).toBe(true);
      }
    }
  });

  // The answer field is the last box of its solution, so the test above mostly checks extraction.
  // Rewriting every reference the way models do, and corrupting one digit of it, checks the grader.
  itReal('accepts model-style rewrites of the test answers and rejects a changed digit', async () => {
    const problems = await loadMathProblems(sharedFile('math/test.jsonl'));
    const started = performance.now();
    const rejectedRewrites: string[] = [];
    const acceptedCorruptions: string[] = [];
    let rewrites = 0;
    let corruptions = 0;
    for (const { answer } of problems) {
      for (const rewrite of rewritesOf(answer)) {
        rewrites++;
        if (!mathAnswersEquivalent(rewrite, answer)) rejectedRewrites.push(`${JSON.stringify(answer)} vs ${JSON.stringify(rewrite)}`);
      }
      const corrupted = corruptFirstDigit(answer);
      if (corrupted === null) continue;
      corruptions++;
      if (mathAnswersEquivalent(corrupted, answer)) acceptedCorruptions.push(`${JSON.stringify(answer)} vs ${JSON.stringify(corrupted)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`rewrites accepted ${rewrites - rejectedRewrites.length}/${rewrites}; corruptions rejected ${corruptions - acceptedCorruptions.length}/${corruptions}; ${seconds.toFixed(2)} s`);
    for (const miss of rejectedRewrites) console.info(`  rewrite rejected ${miss}`);
    for (const miss of acceptedCorruptions) console.info(`  corruption accepted ${miss}`);
    expect(rejectedRewrites.length).toBeLessThanOrEqual(rewrites * 0.001);
    expect(acceptedCorruptions.length).toBeLessThanOrEqual(corruptions * 0.001);
  });
});

/** Ways a model writes the same answer: other fraction command, spacing, a variable label, decimals, separators, units, dollars. */
function rewritesOf(answer: string): string[] {
  const rewrites: string[] = [];
  const swapped = answer.includes('\\dfrac') ? answer.replace(/\\dfrac/g, '\\frac') : answer.replace(/\\frac/g, '\\dfrac');
  if (swapped !== answer) rewrites.push(swapped);
  rewrites.push(` ${answer.replace(/\s*([,+=])\s*/g, '$1')} `);
  if (!/[=,]|\\text|\\begin|\\cup/.test(answer)) rewrites.push(`x = ${answer}`);
  const exact = parseExactRational(answer.replace(/\\[dt]frac/g, '\\frac').replace(/\s+/g, ''));
  if (exact && exact.denominator !== 1n) {
    const decimal = String(Number(exact.numerator) / Number(exact.denominator));
    if (decimal.length < 12) rewrites.push(decimal);
  }
  if (/^\d{4,}$/.test(answer)) rewrites.push(answer.replace(/\B(?=(\d{3})+(?!\d))/g, '{,}'));
  if (/^-?\d+(\.\d+)?$/.test(answer)) rewrites.push(`${answer}\\text{ units}`, `\\$${answer}`);
  return rewrites;
}

function corruptFirstDigit(answer: string): string | null {
  const digit = /\d/.exec(answer);
  if (!digit) return null;
  return answer.slice(0, digit.index) + String((Number(digit[0]) + 1) % 10) + answer.slice(digit.index + 1);
}
