/**
 * Calibration check of a sim profile against a replayed model's recordings (docs/CALIBRATION.md,
 * "sim:gpt-4"): runs single-operator topologies on the MaAS test splits through the library and
 * prints the sim's accuracy and mean CP tokens beside what the model's recorded outputs give on
 * the same questions (recorded-style-facts.ts: the style `replay:` answers the operator's first
 * call with). cot-sc has no recording: it is shown without a target.
 *
 *   npx tsx eval/calibrate-sim-recorded.ts [--profile gpt-4] [--model gpt-4] [--tasks gsm8k,humaneval] [--seeds 0,1,2] [--topologies generate,cot]
 *       [--replay-dir ../shared/replay] [--data-dir ../shared/data/maas_splits] [--json]
 *
 * Simulated numbers: they show how close the sim comes to the recordings, never a model's accuracy.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import type { OperatorRole } from '../src/llm/chat-model.ts';
import { resolveTopology } from '../src/graph/named-topologies.ts';
import { findReplayModel, type ReplayTask } from '../src/replay/replay-models.ts';
import { getTask } from '../src/tasks/registry.ts';
import { parseSeedList, tolerance } from './calibrate-sim.ts';
import { recordedStyleFacts } from './recorded-style-facts.ts';
import { resolveDataset } from './resolve-dataset.ts';
import { runBenchmark } from './run-benchmark.ts';

/** The topologies checked per task, and the recorded role that is each one's target (none: no recording). */
export const recordedCells: Record<ReplayTask, ReadonlyArray<{ topology: string; role?: OperatorRole }>> = {
  gsm8k: [{ topology: 'generate', role: 'generate' }, { topology: 'cot', role: 'cot' }, { topology: 'cot-sc' }, { topology: 'Programmer', role: 'programmer' }],
  humaneval: [{ topology: 'generate', role: 'generate' }, { topology: 'cot' }, { topology: 'cot-sc' }],
};

export interface RecordedTarget {
  style: string;
  /** Percent. */
  accuracy: number;
  /** Mean output tokens of the recorded style, in the model's tokenizer. */
  tokens: number;
}

export interface RecordedCell {
  task: ReplayTask;
  topology: string;
  /** Percent. */
  accuracy: number;
  cpTokens: number;
  costUsd: number;
  n: number;
  target?: RecordedTarget;
  /** Within 1.5 points and 10% of tokens (calibrate-sim.ts's tolerance); undefined without a target. */
  pass?: boolean;
}

/** Compares one measured cell with its recorded target. */
export function judgeCell(cell: Omit<RecordedCell, 'pass'>): RecordedCell {
  if (!cell.target) return cell;
  const accuracyOk = Math.abs(cell.accuracy - cell.target.accuracy) <= tolerance.accuracyPoints + 1e-9;
  const tokensOk = Math.abs(cell.cpTokens - cell.target.tokens) / cell.target.tokens <= tolerance.cpTokensRelative + 1e-12;
  return { ...cell, pass: accuracyOk && tokensOk };
}

export function renderRecordedTable(cells: readonly RecordedCell[]): string {
  const signed = (value: number, digits: number) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
  const lines = [
    '| task | topology | recorded style | acc % (sim) | acc % (recorded) | Δ acc | CP tokens (sim) | tokens (recorded) | Δ tokens | cost USD (sim) | pass |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const cell of cells) {
    const t = cell.target;
    lines.push(
      `| ${cell.task} | ${cell.topology} | ${t?.style ?? '– (no recording)'} | ${cell.accuracy.toFixed(2)} | ${t ? t.accuracy.toFixed(2) : '–'} | ${t ? signed(cell.accuracy - t.accuracy, 2) : '–'} ` +
        `| ${cell.cpTokens.toFixed(1)} | ${t ? t.tokens.toFixed(1) : '–'} | ${t ? `${signed(((cell.cpTokens - t.tokens) / t.tokens) * 100, 1)}%` : '–'} | ${cell.costUsd.toFixed(4)} | ${cell.pass === undefined ? '–' : cell.pass ? 'pass' : 'FAIL'} |`,
    );
  }
  return lines.join('\n');
}

export interface RecordedCalibrationOptions {
  profile: string;
  /** The replay model whose recordings are the targets. */
  model: string;
  tasks: readonly ReplayTask[];
  seed: number;
  replayDir: string;
  dataDir: string;
  /** Only these topologies (default: every cell of `recordedCells`). */
  topologies?: readonly string[];
  onCell?: (cell: RecordedCell) => void;
}

/** Runs every cell in-process (seeded, virtual time, no cache), as calibrate-sim.ts does. */
export async function runRecordedCalibration(options: RecordedCalibrationOptions): Promise<RecordedCell[]> {
  const model = findReplayModel(options.model);
  if (!model) throw new Error(`--model: unknown replay model "${options.model}"`);
  const backend = backendOptionsSchema.parse({ llm: `sim:${options.profile}`, seed: options.seed, simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: false });
  const cells: RecordedCell[] = [];
  for (const taskName of options.tasks) {
    const task = getTask(taskName);
    const dataset = await resolveDataset(task, { data: join(options.dataDir, `${taskName}_test.jsonl`) });
    const facts = await recordedStyleFacts({ replayDir: options.replayDir, model, task: taskName, problems: dataset.problems });
    for (const { topology, role } of recordedCells[taskName]) {
      if (options.topologies && !options.topologies.includes(topology)) continue;
      const fact = facts.find((candidate) => candidate.role === role && candidate.sample === 0);
      const resolved = resolveTopology(topology, task.name);
      const { summary } = await runBenchmark({ task, dataset, topologyFor: () => resolved, scheduler: 'layer', backend, queriesInFlight: 16, runId: `calibrate-recorded-${taskName}-${topology}-seed${options.seed}` });
      const cell = judgeCell({
        task: taskName,
        topology,
        accuracy: summary.accuracy * 100,
        cpTokens: summary.cpTokens.mean,
        costUsd: summary.costUsd,
        n: summary.n,
        ...(fact ? { target: { style: fact.style, accuracy: fact.accuracy * 100, tokens: fact.tokens.mean } } : {}),
      });
      options.onCell?.(cell);
      cells.push(cell);
    }
  }
  return cells;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'gpt-4' },
      model: { type: 'string', default: 'gpt-4' },
      tasks: { type: 'string', default: 'gsm8k,humaneval' },
      seeds: { type: 'string', default: '0' },
      topologies: { type: 'string' },
      'replay-dir': { type: 'string', default: '../shared/replay' },
      'data-dir': { type: 'string', default: '../shared/data/maas_splits' },
      json: { type: 'boolean', default: false },
    },
  });
  const tasks = values.tasks.split(',').map((name) => {
    if (name !== 'gsm8k' && name !== 'humaneval') throw new Error(`--tasks: "${name}" has no recordings (gsm8k, humaneval)`);
    return name as ReplayTask;
  });
  const profile = values.profile.endsWith('.json') ? resolve(values.profile) : values.profile;
  const report: Array<{ seed: number; cells: RecordedCell[] }> = [];
  for (const seed of parseSeedList(values.seeds)) {
    const cells = await runRecordedCalibration({
      profile,
      model: values.model,
      tasks,
      seed,
      ...(values.topologies ? { topologies: values.topologies.split(',') } : {}),
      replayDir: resolve(values['replay-dir']),
      dataDir: resolve(values['data-dir']),
      onCell: (cell) => process.stderr.write(`seed ${seed} ${cell.task} ${cell.topology}: ${cell.accuracy.toFixed(2)}% ${cell.cpTokens.toFixed(1)} CP tokens\n`),
    });
    report.push({ seed, cells });
    if (!values.json) process.stdout.write(`\n### seed ${seed}: sim:${values.profile} against replay ${values.model} (simulated)\n\n${renderRecordedTable(cells)}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exitCode = report.every(({ cells }) => cells.every((cell) => cell.pass !== false)) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
