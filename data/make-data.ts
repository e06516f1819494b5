import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../src/util/atomic-write.ts';
import { Random } from '../src/util/random.ts';
import { generateArithmeticWordProblems, maxSteps, minSteps, type GsmRow } from './generators/arithmetic-word-problems.ts';
import { generateMathProblems, mathSubjects, maxLevel, minLevel, type MathRow, type MathSubject } from './generators/math-problems.ts';
import { humanEvalMiniProblems } from './humaneval-mini-problems.ts';
import { embeddedDataDir, embeddedDataFiles, embeddedHumanEvalPublicTestsFile } from './index.ts';

/**
 * Regenerates every shipped data file from fixed seeds: `npx tsx data/make-data.ts`.
 * The output is byte-identical on every run, and a test checks the files on disk still match.
 */

export const dataSeeds = { gsm8kTrain: 1001, gsm8kTest: 2002, mathTrain: 3003, mathTest: 4004 } as const;
export const dataSizes = { gsm8kTrain: 200, gsm8kTest: 100, mathTrain: 150, mathTest: 100 } as const;

export interface DataFile {
  /** Relative to `data/`. */
  path: string;
  content: string;
}

/** `count` values that cycle through `values` evenly, in a seeded random order. */
function balanced<T>(values: readonly T[], count: number, seed: number, label: string): T[] {
  const cycled = Array.from({ length: count }, (_, i) => values[i % values.length]!);
  return Random.derive(seed, label).shuffle(cycled);
}

function toJsonl(rows: readonly object[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

function gsm8kSplit(seed: number, count: number, avoid?: readonly GsmRow[]): GsmRow[] {
  const difficulties = Array.from({ length: maxSteps - minSteps + 1 }, (_, i) => minSteps + i);
  const steps = balanced(difficulties, count, seed, 'steps');
  return generateArithmeticWordProblems({
    seed,
    count,
    steps: (i) => steps[i]!,
    avoid: new Set(avoid?.map((row) => row.question)),
  });
}

function mathSplit(seed: number, count: number, idPrefix: string, avoid?: readonly MathRow[]): MathRow[] {
  const cells: Array<[MathSubject, number]> = [];
  for (const subject of mathSubjects) for (let level = minLevel; level <= maxLevel; level++) cells.push([subject, level]);
  const plan = balanced(cells, count, seed, 'subject-level');
  return generateMathProblems({
    seed,
    count,
    idPrefix,
    subject: (i) => plan[i]![0],
    level: (i) => plan[i]![1],
    avoid: new Set(avoid?.map((row) => row.problem)),
  });
}

function humanEvalFiles(): DataFile[] {
  const rows = humanEvalMiniProblems.map((p, i) => ({
    task_id: `LamasEval/${i}`,
    prompt: p.prompt,
    entry_point: p.entryPoint,
    canonical_solution: p.canonicalSolution,
    test: `\n\ndef check(candidate):\n${p.tests.map((t) => `    assert ${t}\n`).join('')}\n`,
  }));
  const publicRows = humanEvalMiniProblems.map((p, i) => ({
    problem_id: `LamasEval/${i}`,
    test: p.publicTests.map((index) => `assert ${p.tests[index]!}`),
    entry_point: p.entryPoint,
  }));
  return [
    { path: embeddedDataFiles.humaneval.test, content: toJsonl(rows) },
    { path: embeddedHumanEvalPublicTestsFile, content: toJsonl(publicRows) },
  ];
}

/** Every shipped file with its exact content; pure, so tests can compare it with the disk. */
export function buildEmbeddedData(): DataFile[] {
  // Test rows avoid train rows so an evaluation never sees a question it trained on.
  const gsmTrain = gsm8kSplit(dataSeeds.gsm8kTrain, dataSizes.gsm8kTrain);
  const gsmTest = gsm8kSplit(dataSeeds.gsm8kTest, dataSizes.gsm8kTest, gsmTrain);
  const mathTrain = mathSplit(dataSeeds.mathTrain, dataSizes.mathTrain, 'lamas-train');
  const mathTest = mathSplit(dataSeeds.mathTest, dataSizes.mathTest, 'lamas-test', mathTrain);
  return [
    { path: embeddedDataFiles.gsm8k.train, content: toJsonl(gsmTrain) },
    { path: embeddedDataFiles.gsm8k.test, content: toJsonl(gsmTest) },
    { path: embeddedDataFiles.math.train, content: toJsonl(mathTrain) },
    { path: embeddedDataFiles.math.test, content: toJsonl(mathTest) },
    ...humanEvalFiles(),
  ];
}

async function main(): Promise<void> {
  for (const file of buildEmbeddedData()) {
    await writeFileAtomic(join(embeddedDataDir, file.path), file.content);
    const rows = file.content.split('\n').filter((l) => l !== '').length;
    console.log(`wrote data/${file.path} (${rows} rows)`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
