/**
 * Calibration check of a sim profile against the single-operator baselines of LAMaS Table 3
 * (gpt-4o-mini on the MaAS test splits): runs generate / cot / cot-sc on GSM8K, HumanEval and
 * MATH through the library and prints ours beside the paper's, with a pass/fail per cell.
 *
 *   npx tsx eval/calibrate-sim.ts [--profile gpt-4o-mini|path.json] [--tasks gsm8k,humaneval,math]
 *       [--baselines generate,cot,cot-sc] [--seeds 0,1] [--data-dir ../shared/data/maas_splits] [--json]
 *
 * The numbers it prints are simulated: they show that the sim reproduces the paper's baselines,
 * never a model's accuracy (docs/CALIBRATION.md).
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { resolveTopology } from '../src/graph/named-topologies.ts';
import { getTask } from '../src/tasks/registry.ts';
import type { TaskName } from '../src/tasks/task.ts';
import { resolveDataset } from './resolve-dataset.ts';
import { runBenchmark } from './run-benchmark.ts';

export const baselines = ['generate', 'cot', 'cot-sc'] as const;
export type Baseline = (typeof baselines)[number];
export const calibrationTasks = ['gsm8k', 'humaneval', 'math'] as const satisfies readonly TaskName[];

export interface PaperCell {
  /** Accuracy in percent. */
  accuracy: number;
  /** Mean critical-path tokens (LAMaS eq. 9). */
  cpTokens: number;
}

/** LAMaS Table 3, gpt-4o-mini, MaAS test splits (DESIGN §6). */
export const paperTable3: Record<(typeof calibrationTasks)[number], Record<Baseline, PaperCell>> = {
  gsm8k: { generate: { accuracy: 92.8, cpTokens: 405.2 }, cot: { accuracy: 92.23, cpTokens: 345.8 }, 'cot-sc': { accuracy: 92.99, cpTokens: 488.3 } },
  humaneval: { generate: { accuracy: 88.55, cpTokens: 797.9 }, cot: { accuracy: 90.08, cpTokens: 734.5 }, 'cot-sc': { accuracy: 90.84, cpTokens: 952.5 } },
  math: { generate: { accuracy: 50.0, cpTokens: 1030.4 }, cot: { accuracy: 47.74, cpTokens: 989.3 }, 'cot-sc': { accuracy: 50.35, cpTokens: 1220.6 } },
};

/** Done when every cell is within 1.5 accuracy points and 10% of mean CP tokens (issue 4). */
export const tolerance = { accuracyPoints: 1.5, cpTokensRelative: 0.1 };
/** The paper's cost column puts cot-sc at about this multiple of generate. */
export const paperCostRatio = 6;

export interface MeasuredCell {
  task: (typeof calibrationTasks)[number];
  baseline: Baseline;
  /** Fraction in [0, 1], as in the run summary. */
  accuracy: number;
  cpTokens: number;
  costUsd: number;
  n: number;
  seconds: number;
}

export interface ComparedCell extends MeasuredCell {
  paper: PaperCell;
  /** Ours minus the paper's, in accuracy points. */
  accuracyDelta: number;
  /** (ours - paper) / paper for mean CP tokens. */
  cpTokensDelta: number;
  /** This cell's cost over the same task's generate cost (NaN without a generate cell). */
  costRatio: number;
  pass: boolean;
}

/** Compares measured cells with Table 3; cost ratios are taken within each task. */
export function compareWithPaper(cells: readonly MeasuredCell[]): ComparedCell[] {
  return cells.map((cell) => {
    const paper = paperTable3[cell.task][cell.baseline];
    const accuracyDelta = cell.accuracy * 100 - paper.accuracy;
    const cpTokensDelta = (cell.cpTokens - paper.cpTokens) / paper.cpTokens;
    const generate = cells.find((other) => other.task === cell.task && other.baseline === 'generate');
    return {
      ...cell,
      paper,
      accuracyDelta,
      cpTokensDelta,
      costRatio: generate ? cell.costUsd / generate.costUsd : Number.NaN,
      // A hair of slack so a delta printed as 1.50 is not failed by float noise.
      pass: Math.abs(accuracyDelta) <= tolerance.accuracyPoints + 1e-9 && Math.abs(cpTokensDelta) <= tolerance.cpTokensRelative + 1e-12,
    };
  });
}

/** The markdown table of ours beside the paper's, one row per (task, baseline). */
export function renderCalibrationTable(cells: readonly ComparedCell[]): string {
  const signed = (value: number, digits: number) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
  const lines = [
    '| task | baseline | acc % (ours) | acc % (paper) | Δ acc | CP tokens (ours) | CP tokens (paper) | Δ CP | cost USD (ours) | cost / generate | pass |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const cell of cells) {
    lines.push(
      `| ${cell.task} | ${cell.baseline} | ${(cell.accuracy * 100).toFixed(2)} | ${cell.paper.accuracy.toFixed(2)} | ${signed(cell.accuracyDelta, 2)} ` +
        `| ${cell.cpTokens.toFixed(1)} | ${cell.paper.cpTokens.toFixed(1)} | ${signed(cell.cpTokensDelta * 100, 1)}% ` +
        `| ${cell.costUsd.toFixed(4)} | ${Number.isNaN(cell.costRatio) ? '–' : `${cell.costRatio.toFixed(2)}x`} | ${cell.pass ? 'pass' : 'FAIL'} |`,
    );
  }
  return lines.join('\n');
}

/** One line per task: the cot-sc over generate cost ratio (paper: about 6x). */
export function renderCostRatios(cells: readonly ComparedCell[]): string {
  const tasks = [...new Set(cells.map((cell) => cell.task))];
  return tasks
    .map((task) => {
      const ratio = cells.find((cell) => cell.task === task && cell.baseline === 'cot-sc')?.costRatio;
      return `${task}: cot-sc / generate cost = ${ratio === undefined || Number.isNaN(ratio) ? '–' : `${ratio.toFixed(2)}x`} (paper ≈ ${paperCostRatio}x)`;
    })
    .join('\n');
}

export interface CalibrationOptions {
  /** `gpt-4o-mini` or a path to a profile .json. */
  profile: string;
  tasks: ReadonlyArray<(typeof calibrationTasks)[number]>;
  /** Default: all three. */
  baselines?: readonly Baseline[];
  seed: number;
  /** Folder with the MaAS splits (`<task>_test.jsonl`, and `humaneval_public_test.jsonl`). */
  dataDir: string;
  queriesInFlight?: number;
  onCell?: (cell: MeasuredCell) => void;
}

/** Runs every (task, baseline) cell in-process: seeded, virtual time, no cache. */
export async function runCalibration(options: CalibrationOptions): Promise<MeasuredCell[]> {
  const backend = backendOptionsSchema.parse({
    llm: `sim:${options.profile}`,
    seed: options.seed,
    simTime: 'virtual',
    simScale: 1,
    concurrency: 8,
    requestTimeout: 60,
    cache: false,
  });
  const cells: MeasuredCell[] = [];
  for (const taskName of options.tasks) {
    const task = getTask(taskName);
    const dataset = await resolveDataset(task, { data: join(options.dataDir, `${taskName}_test.jsonl`) });
    for (const baseline of options.baselines ?? baselines) {
      const topology = resolveTopology(baseline, task.name);
      const started = performance.now();
      const { summary } = await runBenchmark({
        task,
        dataset,
        topologyFor: () => topology,
        scheduler: 'layer',
        backend,
        queriesInFlight: options.queriesInFlight ?? 16,
        runId: `calibrate-${taskName}-${baseline}-seed${options.seed}`,
      });
      const cell: MeasuredCell = {
        task: taskName,
        baseline,
        accuracy: summary.accuracy,
        cpTokens: summary.cpTokens.mean,
        costUsd: summary.costUsd,
        n: summary.n,
        seconds: (performance.now() - started) / 1000,
      };
      options.onCell?.(cell);
      cells.push(cell);
    }
  }
  return cells;
}

export function parseTaskList(value: string): Array<(typeof calibrationTasks)[number]> {
  return value.split(',').map((name) => {
    const task = name.trim();
    if (!(calibrationTasks as readonly string[]).includes(task)) throw new Error(`--tasks: unknown task "${task}" (expected ${calibrationTasks.join(', ')})`);
    return task as (typeof calibrationTasks)[number];
  });
}

export function parseBaselineList(value: string): Baseline[] {
  return value.split(',').map((name) => {
    const baseline = name.trim();
    if (!(baselines as readonly string[]).includes(baseline)) throw new Error(`--baselines: unknown baseline "${baseline}" (expected ${baselines.join(', ')})`);
    return baseline as Baseline;
  });
}

export function parseSeedList(value: string): number[] {
  return value.split(',').map((text) => {
    const seed = Number(text.trim());
    if (!Number.isInteger(seed)) throw new Error(`--seeds: "${text}" is not an integer`);
    return seed;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'gpt-4o-mini' },
      tasks: { type: 'string', default: calibrationTasks.join(',') },
      baselines: { type: 'string', default: baselines.join(',') },
      seeds: { type: 'string', default: '0' },
      'data-dir': { type: 'string', default: '../shared/data/maas_splits' },
      json: { type: 'boolean', default: false },
    },
  });
  const tasks = parseTaskList(values.tasks);
  const seeds = parseSeedList(values.seeds);
  const profile = values.profile.endsWith('.json') ? resolve(values.profile) : values.profile;
  const report: Array<{ seed: number; cells: ComparedCell[] }> = [];
  for (const seed of seeds) {
    const measured = await runCalibration({
      profile,
      tasks,
      baselines: parseBaselineList(values.baselines),
      seed,
      dataDir: resolve(values['data-dir']),
      onCell: (cell) => process.stderr.write(`seed ${seed} ${cell.task} ${cell.baseline}: ${(cell.accuracy * 100).toFixed(2)}% ${cell.cpTokens.toFixed(1)} CP tokens (${cell.seconds.toFixed(1)} s)\n`),
    });
    const cells = compareWithPaper(measured);
    report.push({ seed, cells });
    if (!values.json) {
      const passed = cells.filter((cell) => cell.pass).length;
      process.stdout.write(`\n### seed ${seed} — profile ${values.profile} (simulated)\n\n${renderCalibrationTable(cells)}\n\n${renderCostRatios(cells)}\n${passed}/${cells.length} cells pass\n`);
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exitCode = report.every(({ cells }) => cells.every((cell) => cell.pass)) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
