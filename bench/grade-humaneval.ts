/**
 * Grading all 164 HumanEval canonical solutions through the sandbox (the foundation issue's
 * goal: under 60 s on this 2-core machine). Run: npx tsx bench/grade-humaneval.ts
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gradeAll } from '../eval/grade-predictions.ts';
import { createPythonSandbox } from '../src/sandbox/python-sandbox.ts';
import { humanEvalTask } from '../src/tasks/humaneval/index.ts';
import type { Task } from '../src/tasks/task.ts';
import { machineLine } from './machine.ts';

const file = fileURLToPath(new URL('../../shared/data/humaneval/HumanEval.jsonl', import.meta.url));
const problems = await humanEvalTask.load(file);
const sandbox = createPythonSandbox();
const isolation = await sandbox.isolation();
const completions = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { canonical_solution: string }).canonical_solution);
const started = performance.now();
const rows = await gradeAll(humanEvalTask as Task, problems.map((problem, i) => ({ problem, output: completions[i]! })), { sandbox });
const seconds = (performance.now() - started) / 1000;
console.log(`machine: ${machineLine()}`);
console.log(`isolation: ${JSON.stringify(isolation)}`);
console.log(`graded ${rows.length} canonical solutions: ${rows.filter((row) => row.correct).length} passed in ${seconds.toFixed(1)} s (${((seconds * 1000) / rows.length).toFixed(0)} ms per problem, pool of ${availableParallelism()})`);
