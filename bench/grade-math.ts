/**
 * Grading all of MATH test (5000 reference solutions as model outputs against their answers) and
 * all of GSM8K test (1319 reference solutions), with the time the MATH grader spent waiting for
 * its CAS worker reported apart (issue 18's goal: MATH test in under 2 s plus CAS time).
 * Run: npx tsx bench/grade-math.ts [--repeat N]   (the median of N timed passes; default 3)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import { casStats, loadMathProblems, mathTask, stopCasWorker } from '../src/tasks/math/index.ts';
import type { Sandbox } from '../src/sandbox/sandbox.ts';
import { machineLine, percentile } from './machine.ts';

const repeatFlag = process.argv.indexOf('--repeat');
const repeats = repeatFlag >= 0 ? Math.max(1, Number(process.argv[repeatFlag + 1])) : 3;
const options = { sandbox: {} as Sandbox };
const data = (relative: string): string => fileURLToPath(new URL(`../../shared/data/${relative}`, import.meta.url));
const field = (file: string, name: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => String((JSON.parse(line) as Record<string, unknown>)[name]));

const mathFile = data('math/test.jsonl');
const mathProblems = await loadMathProblems(mathFile);
const mathSolutions = field(mathFile, 'solution');
const gsmFile = data('gsm8k/test.jsonl');
const gsmProblems = await gsm8kTask.load(gsmFile);
const gsmSolutions = field(gsmFile, 'answer');

interface Pass {
  correct: number;
  seconds: number;
  casSeconds: number;
  casCalls: number;
}

async function timePass(grade: () => Promise<boolean[]>): Promise<Pass> {
  const cas = casStats();
  const started = performance.now();
  const verdicts = await grade();
  const seconds = (performance.now() - started) / 1000;
  const after = casStats();
  return { correct: verdicts.filter(Boolean).length, seconds, casSeconds: (after.totalMs - cas.totalMs) / 1000, casCalls: after.calls - cas.calls };
}

const gradeMath = async (): Promise<boolean[]> => {
  const verdicts: boolean[] = [];
  for (const problem of mathProblems) verdicts.push((await mathTask.grade(problem, mathSolutions[problem.index]!, options)).correct);
  return verdicts;
};
const gradeGsm = async (): Promise<boolean[]> => {
  const verdicts: boolean[] = [];
  for (const problem of gsmProblems) verdicts.push((await gsm8kTask.grade(problem, gsmSolutions[problem.index]!, options)).correct);
  return verdicts;
};

console.log(`machine: ${machineLine()}`);
const first = await timePass(gradeMath);
console.log(`MATH test, first pass (CAS worker start included): ${first.correct}/${mathProblems.length} in ${first.seconds.toFixed(2)} s, of which CAS ${first.casSeconds.toFixed(2)} s over ${first.casCalls} calls`);
const passes: Pass[] = [];
for (let i = 0; i < repeats; i++) passes.push(await timePass(gradeMath));
const median = (values: number[]): number => percentile(values, 0.5);
const total = median(passes.map((pass) => pass.seconds));
const cas = median(passes.map((pass) => pass.casSeconds));
const withoutCas = median(passes.map((pass) => pass.seconds - pass.casSeconds));
console.log(`MATH test, median of ${repeats} warm passes: ${passes[0]!.correct}/${mathProblems.length} in ${total.toFixed(2)} s = ${withoutCas.toFixed(2)} s grading + ${cas.toFixed(2)} s CAS (${passes[0]!.casCalls} calls)`);
const gsm = await timePass(gradeGsm);
console.log(`GSM8K test: ${gsm.correct}/${gsmProblems.length} in ${gsm.seconds.toFixed(2)} s (CAS ${gsm.casSeconds.toFixed(2)} s over ${gsm.casCalls} calls)`);
stopCasWorker();
