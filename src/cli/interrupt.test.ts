import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { trainController } from '../../train/train-controller.ts';
import { resolveDataset } from '../../eval/resolve-dataset.ts';
import { backendOptionsSchema } from '../backend/backend-options.ts';
import { loadCheckpoint } from '../controller/checkpoint.ts';
import { getTask } from '../tasks/registry.ts';
import { lockFileName } from '../util/run-dir-lock.ts';

/**
 * Issue 17.8: Ctrl-C on `run`, `eval` and `train` exited silently (and `run` left only
 * trace.jsonl). Now the first SIGINT stops the command, which writes what finished (marked
 * partial), prints one line saying what was kept, and exits 130.
 *
 * Each test starts the CLI with a real-time simulated backend (every query takes seconds), waits
 * for a condition (a progress line, a metrics row), then sends SIGINT: no sleeps, no deadlines
 * but the test timeout. The runs are long enough (tens of seconds left) that they cannot finish
 * before the signal lands.
 */

const bin = fileURLToPath(new URL('../../bin/lamas.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'lamas-interrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Cli {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Polls until `condition` holds; fails at once if the command exits first. */
async function until(cli: Cli, condition: () => boolean, what: string): Promise<void> {
  while (!condition()) {
    expect(cli.child.exitCode, `the command exited before ${what}:\n${cli.stderr()}`).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
const slowSim = ['--sim-time', 'real', '--sim-scale', '1', '--queries-in-flight', '1'];

describe('Ctrl-C', () => {
  it('`lamas run`: writes the finished queries\' results and a partial summary, one line, exit 130', async () => {
    const out = join(root, 'run');
    const cli = start(['run', '--task', 'gsm8k', '--limit', '20', '--topology', 'generate', ...slowSim, '--out', out, '--json']);
    await until(cli, () => cli.stderr().includes('run gsm8k: 2/20'), 'two queries finished');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 130, signal: null });

    const printed = JSON.parse(cli.stdout()) as { n: number; partial: boolean; planned: number };
    expect(printed).toMatchObject({ partial: true, planned: 20 });
    expect(printed.n).toBeGreaterThanOrEqual(2);
    expect(printed.n).toBeLessThan(20);
    const messages = lines(cli.stderr()).filter((line) => line.startsWith('lamas:'));
    expect(messages).toEqual([`lamas: interrupted (Ctrl-C): ${printed.n} of 20 queries finished; their results.jsonl and a partial summary.json ("partial": true) are in ${out}`]);

    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(printed);
    const results = lines(readFileSync(join(out, 'results.jsonl'), 'utf8')).map((line) => JSON.parse(line) as { id: string; cancelledCalls: number });
    expect(results).toHaveLength(printed.n);
    // Finished queries only: a query cut short (its call cancelled) is left out.
    for (const result of results) expect(result.cancelledCalls).toBe(0);
    expect(existsSync(join(out, lockFileName))).toBe(false);
  }, 600_000); // a hang guard only: it spawns the CLI (tsx) on a machine that may be loaded

  it('`lamas eval`: the same, with the topology distribution of the finished queries', async () => {
    const task = getTask('gsm8k');
    const train = await resolveDataset(task, { split: 'train', limit: 4 });
    const checkpointRun = join(root, 'eval-checkpoint');
    await trainController({ config: trainConfigSchema.parse({ epochs: 1 }), task, problems: train.problems, trainData: train.file, backend: backendOptionsSchema.parse({}), out: checkpointRun, resume: false });

    const out = join(root, 'eval');
    const cli = start(['eval', '--checkpoint', checkpointRun, '--limit', '20', ...slowSim, '--out', out, '--json']);
    await until(cli, () => cli.stderr().includes('eval gsm8k: 2/20'), 'two queries finished');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 130, signal: null });

    const printed = JSON.parse(cli.stdout()) as { n: number; partial: boolean; planned: number; topologies: Record<string, number> };
    expect(printed).toMatchObject({ partial: true, planned: 20 });
    expect(printed.n).toBeGreaterThanOrEqual(2);
    expect(Object.values(printed.topologies).reduce((a, b) => a + b, 0)).toBe(printed.n);
    expect(lines(cli.stderr()).filter((line) => line.startsWith('lamas:'))).toEqual([
      `lamas: interrupted (Ctrl-C): ${printed.n} of 20 queries finished; their results.jsonl and a partial summary.json ("partial": true) are in ${out}`,
    ]);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ partial: true, n: printed.n });
    expect(lines(readFileSync(join(out, 'results.jsonl'), 'utf8'))).toHaveLength(printed.n);
    expect(existsSync(join(out, lockFileName))).toBe(false);
  }, 600_000); // a hang guard only: it spawns the CLI (tsx) on a machine that may be loaded

  // That the resumed run ends exactly as an uninterrupted one is train/interrupt.test.ts (in
  // virtual time: real time measures sandbox seconds into the critical path, so no two real-time
  // runs train alike).
  it('`lamas train`: checkpoints the last finished batch and says how to resume; the resumed run says where it starts and counts from there', async () => {
    const args = ['train', '--task', 'gsm8k', '--limit', '16', '--epochs', '2', '--checkpoint-every', '1', '--seed', '5', '--no-eval'];
    const out = join(root, 'train');
    const metrics = join(out, 'metrics.csv');
    const cli = start([...args, '--sim-time', 'real', '--sim-scale', '1', '--out', out]);
    await until(cli, () => existsSync(metrics) && lines(readFileSync(metrics, 'utf8')).length >= 2, 'a batch finished');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 130, signal: null });

    // 8 batches of 4 queries (16 problems, 2 passes).
    const step = (await loadCheckpoint(out)).training.step;
    expect(step).toBeGreaterThanOrEqual(1);
    expect(step).toBeLessThan(8);
    expect(lines(readFileSync(metrics, 'utf8'))).toHaveLength(step + 1);
    expect(lines(cli.stderr()).filter((line) => line.startsWith('lamas:'))).toEqual([
      `lamas: interrupted (Ctrl-C) at step ${step} of 8: the checkpoint ${join(out, 'checkpoint')} holds every finished batch (metrics.csv too); continue with the same command plus --resume`,
    ]);
    expect(cli.stdout()).toContain(`trained ${step} batches (${step * 4} queries)`);
    expect(cli.stdout()).toContain(`; ${step} of 8 batches (${step * 4} queries) done in total — stopped: interrupted (Ctrl-C)`);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ partial: true, training: { steps: step, interrupted: true }, eval: null });
    expect(existsSync(join(out, lockFileName))).toBe(false);

    // Resumed (in virtual time): it says where it starts, its progress counts on from there, and
    // its counts tell this process's batches from the whole run's.
    const resumed = await runCli([...args, '--out', out, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`train: resuming from step ${step} of 8 (${join(out, 'checkpoint')})`);
    const counts = lines(resumed.stderr).flatMap((line) => /^train gsm8k: (\d+)\/8 /.exec(line)?.[1] ?? []).map(Number);
    expect(counts.at(-1)).toBe(8);
    for (const count of counts) expect(count).toBeGreaterThan(step);
    expect(resumed.stdout).toContain(`resumed at step ${step} of 8: trained ${8 - step} batches (${(8 - step) * 4} queries)`);
    expect(resumed.stdout).toContain('in this process; 8 of 8 batches (32 queries) done in total');
    expect((await loadCheckpoint(out)).training).toMatchObject({ done: true, step: 8 });
  });
});
