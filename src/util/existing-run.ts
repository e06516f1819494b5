import { existsSync, lstatSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors.ts';
import { acquireRunDirLock, lockFileName, RunDirLockedError } from './run-dir-lock.ts';

/**
 * What an output directory already holds (issue 17.2): a command that writes a run directory
 * (`train`, `run`, `eval`, `sweep`, `demo`) refuses one that holds another run unless told
 * `--overwrite` (its files are deleted first, so nothing stale — an old `eval/`, an appended
 * trace — stays beside the new run) or, for `train`, `--resume`. Call these while holding the
 * directory's lock (src/util/run-dir-lock.ts), so no other lamas process writes it meanwhile.
 *
 * A directory holds a run when any of the files a lamas run writes is there: `summary.json`,
 * `results.jsonl`, `metrics.csv`, a checkpoint (`checkpoint/controller.json`, or one a save left
 * beside it, or `controller.json` itself), `sweep.csv`, `pareto.svg`/`.png`, an `eval/` with
 * results, a sweep's `lambda-*`, `baseline-*` or `seed-*` directory holding a run, or a non-empty `trace.jsonl`
 * (a run stopped before it wrote results). Other files are the user's: never counted, never deleted.
 */

/** Files a lamas run writes directly in its directory. */
const runFiles = ['summary.json', 'results.jsonl', 'metrics.csv', 'sweep.csv', 'pareto.svg', 'pareto.png', 'controller.json', 'weights.bin', 'optimizer.bin', 'trace.jsonl'];
/** Directories a lamas run writes inside its directory (deleted whole by --overwrite, locks kept). */
const runSubdirPattern = /^(checkpoint|checkpoint\.(tmp|old)-.+|eval|lambda-.+|baseline-.+|seed-.+)$/;
/** Temp files of atomic writes (`summary.json.<pid>.<hex>.tmp`) and checkpoint saves. */
const runTempPattern = /^(summary\.json|results\.jsonl|sweep\.csv|pareto\.(svg|png)|metrics\.csv)\.\d+\.[0-9a-f]+\.tmp$/;

export interface ExistingRun {
  dir: string;
  /** "a training run", "a run", "an evaluation", "a sweep", "a stopped run (trace.jsonl only)". */
  kind: string;
  task?: string;
  /** Training: batches done (the checkpoint's, else metrics.csv's last row). */
  step?: number;
  /** Training: the checkpoint says training finished. */
  done?: boolean;
  /** run / eval: queries in the summary. */
  n?: number;
  /** The summary says the run was interrupted (Ctrl-C) and holds part of it. */
  partial?: boolean;
  /** A resumable training state: a checkpoint, or metrics.csv of a run stopped before its first one. */
  training: { checkpoint: boolean; metrics: boolean };
  /** The run files found, as names relative to `dir` (directories end in `/`). */
  files: string[];
  /** Newest modification time among them. */
  when: Date;
}

/** What `dir` holds, or null when it is missing or holds no run. */
export function findExistingRun(dir: string): ExistingRun | null {
  if (!isDirectory(dir)) return null;
  const files: string[] = [];
  let when = 0;
  const note = (name: string, stats: Stats) => {
    files.push(stats.isDirectory() ? `${name}/` : name);
    when = Math.max(when, stats.mtimeMs);
  };
  const stat = (name: string) => statOrNull(join(dir, name));

  for (const name of ['summary.json', 'results.jsonl', 'metrics.csv', 'sweep.csv', 'pareto.svg', 'pareto.png', 'controller.json']) {
    const stats = stat(name);
    if (stats?.isFile()) note(name, stats);
  }
  // A trace alone is a run stopped before it wrote results; an empty one (or a device) is not.
  const trace = stat('trace.jsonl');
  if (trace?.isFile() && trace.size > 0) note('trace.jsonl', trace);

  const entries = safeReaddir(dir);
  const checkpointFile = join(dir, 'checkpoint', 'controller.json');
  const checkpointStats = statOrNull(checkpointFile);
  const rescued = entries.find((name) => name.startsWith('checkpoint.old-'));
  if (checkpointStats?.isFile()) note('checkpoint', stat('checkpoint')!);
  else if (rescued) note(rescued, stat(rescued)!);
  const evalRun = stat('eval')?.isDirectory() ? findExistingRun(join(dir, 'eval')) : null;
  if (evalRun) note('eval', stat('eval')!);
  let sweepRuns = 0;
  let subTask: string | undefined;
  for (const name of entries.filter((entry) => /^(lambda|baseline|seed)-/.test(entry)).sort()) {
    const sub = stat(name)?.isDirectory() ? findExistingRun(join(dir, name)) : null;
    if (!sub) continue;
    sweepRuns++;
    subTask ??= sub.task;
    note(name, stat(name)!);
    when = Math.max(when, sub.when.getTime());
  }
  if (files.length === 0) return null;
  if (evalRun) when = Math.max(when, evalRun.when.getTime());

  const summary = readJson(join(dir, 'summary.json'));
  const controller = readJson(checkpointStats?.isFile() ? checkpointFile : rescued ? join(dir, rescued, 'controller.json') : join(dir, 'controller.json'));
  const has = (name: string) => files.includes(name) || files.includes(`${name}/`);
  const training = { checkpoint: controller !== undefined && (checkpointStats?.isFile() === true || rescued !== undefined || has('controller.json')), metrics: has('metrics.csv') };

  const run: ExistingRun = { dir, kind: 'a run', training, files, when: new Date(when) };
  const task = pick(controller, ['spec', 'task']) ?? pick(summary, ['task']) ?? pick(summary, ['eval', 'task']) ?? evalRun?.task ?? subTask;
  if (typeof task === 'string') run.task = task;
  if (has('sweep.csv') || has('pareto.svg') || sweepRuns > 0) {
    run.kind = 'a sweep';
  } else if (training.checkpoint || training.metrics) {
    run.kind = 'a training run';
    const step = pick(controller, ['training', 'step']) ?? lastMetricsStep(join(dir, 'metrics.csv'));
    if (typeof step === 'number') run.step = step;
    const done = pick(controller, ['training', 'done']);
    if (typeof done === 'boolean') run.done = done;
  } else if (has('summary.json') || has('results.jsonl') || evalRun) {
    run.kind = pick(summary, ['topologies']) !== undefined ? 'an evaluation' : 'a run';
  } else {
    run.kind = 'a stopped run (only its trace.jsonl)';
  }
  const n = pick(summary, ['n']);
  if (typeof n === 'number' && run.kind !== 'a training run') run.n = n;
  if (pick(summary, ['partial']) === true) run.partial = true;
  return run;
}

/** "a training run (task gsm8k, step 12, unfinished, last written 2025-01-02T03:04:05Z: metrics.csv, checkpoint/)". */
export function describeExistingRun(run: ExistingRun): string {
  const facts: string[] = [];
  if (run.task) facts.push(`task ${run.task}`);
  if (run.step !== undefined) facts.push(`step ${run.step}${run.done === true ? ', finished' : run.done === false ? ', unfinished' : run.training.checkpoint ? '' : ', stopped before its first checkpoint'}`);
  if (run.n !== undefined) facts.push(`${run.n} quer${run.n === 1 ? 'y' : 'ies'}${run.partial ? ', partial' : ''}`);
  facts.push(`last written ${run.when.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  return `${run.kind} (${facts.join(', ')}: ${run.files.join(', ')})`;
}

export interface OutDirOptions {
  /** The flag that named the directory, for messages (default `--out`). */
  flag?: string;
  /** Delete the run's files first instead of refusing. */
  overwrite: boolean;
  /** `train`: offer `--resume` as a way out. */
  resumable?: boolean;
  /** Told what --overwrite deleted (default: a line on stderr). */
  onOverwrite?: (run: ExistingRun) => void;
}

/**
 * Refuses `dir` (exit 2) when it holds a run, naming it and the ways out, unless `overwrite`,
 * which deletes that run's files first. `dirs` past the first are more directories the command
 * writes (a sweep's λt and baseline runs); the first is cleared whole.
 */
export function prepareOutDir(dirs: string | string[], options: OutDirOptions): void {
  const [dir, ...more] = typeof dirs === 'string' ? [dirs] : dirs;
  if (dir === undefined) return;
  const flag = options.flag ?? '--out';
  const existing = [dir, ...more].map(findExistingRun).find((run) => run !== null);
  if (!existing) return;
  if (!options.overwrite) {
    const ways = options.resumable ? 'pass --resume to continue it, or --overwrite to delete its files and start over' : 'pass --overwrite to delete its files and start over, or choose another directory';
    throw new UsageError(`${existing.dir} already holds ${describeExistingRun(existing)}; ${ways}`, flag);
  }
  (options.onOverwrite ?? ((run) => process.stderr.write(`lamas: --overwrite: deleting the earlier run in ${run.dir}: ${describeExistingRun(run)}\n`)))(existing);
  for (const target of [dir, ...more]) clearRunDir(target, flag);
}

/**
 * Deletes the files and directories a lamas run writes in `dir` (see runFiles), keeping lock
 * files and everything else. A run subdirectory is deleted under its own lock, so one that
 * another live process writes is refused (exit 2) rather than pulled from under it; one this
 * process holds keeps its lock file.
 */
export function clearRunDir(dir: string, flag = '--out'): void {
  for (const name of safeReaddir(dir)) {
    if (name === lockFileName || name.startsWith(`${lockFileName}.`)) continue;
    const path = join(dir, name);
    if (runFiles.includes(name) || runTempPattern.test(name)) {
      const stats = lstatOrNull(path);
      if (stats && !stats.isDirectory()) rmSync(path, { force: true });
    } else if (runSubdirPattern.test(name) && lstatOrNull(path)?.isDirectory()) {
      clearRunSubdir(path, flag);
    }
  }
}

function clearRunSubdir(path: string, flag: string): void {
  // Checkpoint saves and their leftovers hold no lock of their own: they are the run's.
  if (/^checkpoint/.test(path.slice(path.lastIndexOf('/') + 1))) {
    rmSync(path, { recursive: true, force: true });
    return;
  }
  let release: (() => void) | undefined;
  try {
    release = acquireRunDirLock(path, { flag }).release;
  } catch (error) {
    // This process's own lock (a sweep holds its λt directories): clear it and keep the lock.
    if (!(error instanceof RunDirLockedError && error.holder?.pid === process.pid && error.holder.host === hostname())) throw error;
  }
  try {
    clearRunDir(path, flag);
  } finally {
    release?.();
  }
  if (release && safeReaddir(path).length === 0) {
    try {
      rmdirSync(path);
    } catch {
      // someone took it meanwhile: leave it
    }
  }
}

/**
 * `train --resume`: the directory must hold a training run to continue. Before the lock is taken
 * (which creates the directory), a missing directory is refused; under the lock, one that holds
 * no checkpoint and no metrics.csv. Returns what it holds.
 */
export function checkResumable(dir: string, flag = '--out'): ExistingRun {
  if (!existsSync(dir)) throw new UsageError(`${dir} does not exist, so there is nothing to continue (--resume continues the training run in ${flag}; drop it to start a new run)`, '--resume');
  const run = findExistingRun(dir);
  if (!run) throw new UsageError(`${dir} holds no training run to continue (no checkpoint/, no metrics.csv); drop --resume to start a new run there`, '--resume');
  if (!run.training.checkpoint && !run.training.metrics) {
    throw new UsageError(`${dir} holds no training run to continue, but ${describeExistingRun(run)}; pass --overwrite instead of --resume to replace it, or choose another ${flag}`, '--resume');
  }
  return run;
}

function pick(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The `step` column of metrics.csv's last row. */
function lastMetricsStep(path: string): number | undefined {
  try {
    const rows = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '');
    if (rows.length < 2) return 0;
    const header = rows[0]!.split(',');
    const column = header.indexOf('step');
    const step = Number(rows[rows.length - 1]!.split(',')[column]);
    return column >= 0 && Number.isInteger(step) ? step : undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  return statOrNull(path)?.isDirectory() === true;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
