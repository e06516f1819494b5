import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runSweep, type SweepResult } from '../../../eval/sweep/run-sweep.ts';
import type { TrainConfig } from '../../../train/train-config.ts';
import type { BackendOptions } from '../../backend/backend-options.ts';
import { replayDirEnv, resolveReplayDir } from '../../replay/replay-dir.ts';
import { findReplayModel } from '../../replay/replay-models.ts';
import { getTask } from '../../tasks/registry.ts';
import { loadRows } from '../../tasks/load-rows.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { InputError } from '../../util/errors.ts';

/** The replayed model and task: the LAMaS paper's model, whose recordings cover GSM8K direct and CoT answers. */
export const demoReplayModel = 'gpt-4o-mini';
/** Questions in recorded-index order: the first `train` train the controllers, the next `test` evaluate. Small: the whole demo stays under 3 minutes. */
export const demoReplaySizes = { train: 50, test: 100 } as const;
export const replayFetchHint = 'lamas data fetch replay --dest .lamas-data';

export type DemoReplaySection =
  | { ran: true; dir: string; model: string; trainQuestions: number; testQuestions: number; sharedQuestions: boolean; sweep: SweepResult }
  | { ran: false; reason: string };

/**
 * The folder of recordings the demo replays, or undefined when there is none. A folder named by
 * --replay-dir or $LAMAS_REPLAY_DIR must exist (UsageError naming it); the default locations
 * (fetched copy, ../shared/replay) are only looked for, so a newcomer without them gets the sim demo.
 */
export function findDemoReplayDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag !== undefined || env[replayDirEnv]) return resolveReplayDir(flag, env);
  try {
    return resolveReplayDir(undefined, env);
  } catch {
    return undefined;
  }
}

/**
 * Whether the demo gets a replay section: beside the sim demo on GSM8K (on another backend the
 * demo is that backend's, and gpt-4o-mini's recordings are GSM8K's), when recordings are found.
 */
export function planDemoReplay(options: { llm: string; task: string; replayDir?: string | undefined }, env: NodeJS.ProcessEnv = process.env): { ran: false; reason: string } | { ran: true; dir: string } {
  if (!options.llm.startsWith('sim:') || options.task !== 'gsm8k') return { ran: false, reason: `skipped (it runs beside the sim demo on gsm8k; this demo is ${options.llm} on ${options.task})` };
  const dir = findDemoReplayDir(options.replayDir, env);
  if (dir === undefined) return { ran: false, reason: `no recordings found (.lamas-data/replay, ../shared/replay); "${replayFetchHint}" adds a section on ${demoReplayModel}'s replayed real outputs` };
  return { ran: true, dir };
}

// Re2's rows carry the question and its reference answer beside the recorded outputs (loaders/re2.ts reads the outputs).
const questionRowSchema = z.object({ input: z.string().min(1), target: z.union([z.number(), z.string().min(1)]), id: z.number().int().nonnegative() });

/**
 * The replay section of the demo: the GSM8K test questions of gpt-4o-mini's first recording
 * (question and reference answer as the recording holds them) are written as GSM8K files in
 * `<out>/replay/`, then the same sweep as the sim demo runs on the replayed real outputs:
 * controllers at λt 0 and 0.005 and the fixed baselines. Fewer questions than both sizes (a
 * fixture): train and test share all of them, said in `sharedQuestions`.
 */
export async function runDemoReplay(options: {
  dir: string;
  out: string;
  backend: BackendOptions;
  config: TrainConfig;
  sizes?: { train: number; test: number };
  onStage?: (stage: string) => void;
  progress?: (total: number) => { tick(delta: number): void };
}): Promise<DemoReplaySection & { ran: true }> {
  const sizes = options.sizes ?? demoReplaySizes;
  const model = findReplayModel(demoReplayModel)!;
  const source = model.roles.gsm8k!.generate![0]!;
  const file = join(options.dir, source.file);
  const rows = (await loadRows(file, questionRowSchema)).map(({ row }) => row).sort((a, b) => a.id - b.id);
  if (rows.length === 0) throw new InputError({ file }, 'holds no recorded questions: the replay demo has nothing to run');
  const shared = rows.length < sizes.train + sizes.test;
  const trainRows = shared ? rows : rows.slice(0, sizes.train);
  const testRows = shared ? rows : rows.slice(sizes.train, sizes.train + sizes.test);
  const dataDir = join(options.out, 'questions');
  mkdirSync(dataDir, { recursive: true });
  const task = getTask('gsm8k');
  // GSM8K's own format, so the files can be rerun with `lamas run --llm replay:gpt-4o-mini --data`.
  const write = async (name: string, part: typeof rows) => {
    const path = join(dataDir, `${name}.jsonl`);
    await writeFileAtomic(path, part.map((row) => JSON.stringify({ question: row.input, answer: `#### ${row.target}` })).join('\n') + '\n');
    return resolveDataset(task, { data: path });
  };
  const train = await write('train', trainRows);
  const test = await write('test', testRows);
  const sweep = await runSweep({
    task,
    train,
    test,
    lambdaTs: [0, 0.005],
    baselines: ['generate', 'cot', 'cot-sc'],
    config: options.config,
    backend: { ...options.backend, llm: `replay:${demoReplayModel}`, replayDir: options.dir },
    greedy: false,
    queriesInFlight: 8,
    out: join(options.out, 'sweep'),
    overwrite: true,
    onStage: options.onStage,
    progress: options.progress,
  });
  return { ran: true, dir: options.dir, model: demoReplayModel, trainQuestions: trainRows.length, testQuestions: testRows.length, sharedQuestions: shared, sweep };
}

/** The demo's replay lines: what was replayed, labelled, or the one line on how to get recordings. */
export function renderDemoReplay(section: DemoReplaySection, renderSweep: (result: SweepResult) => string): string {
  if (!section.ran) return `replay: ${section.reason}`;
  const split = section.sharedQuestions
    ? `${section.trainQuestions} recorded questions, used for both training and evaluation`
    : `trained on ${section.trainQuestions}, evaluated on the next ${section.testQuestions} GSM8K test questions`;
  return [
    `replay: replay:${section.model} — REPLAYED REAL OUTPUTS (recorded ${section.model} answers, modeled latency) from ${section.dir}`,
    `replay: ${split}`,
    renderSweep(section.sweep),
  ].join('\n');
}
