import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { lockFileName, type RunDirLockHolder } from '../../util/run-dir-lock.ts';

/** Issue 12: two processes on one --out corrupt it; the second now fails at once (exit 2) naming the first. */

const bin = fileURLToPath(new URL('../../../bin/lamas.js', import.meta.url));
const tiny = ['--task', 'gsm8k', '--limit', '4', '--epochs', '1', '--checkpoint-every', '1', '--no-eval'];

/** Holders still running when a test ends (it failed) are killed, never left behind. */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A `lamas train` that holds its --out until killed: real-time sim with latencies scaled far past any test. */
function startHolder(out: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [bin, 'train', ...tiny, '--sim-time', 'real', '--sim-scale', '100000', '--out', out], { stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  started.push(child);
  return { child, exited };
}

/** Waits (no deadline: the test timeout is the bound) until one of `files` is there, or the holder has died. */
async function appears(files: string[], child: ChildProcess): Promise<void> {
  while (!files.some((file) => existsSync(file)) && child.exitCode === null && child.signalCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(child.exitCode, `the holder exited before it wrote ${files.join(' or ')}`).toBeNull();
}

/** The holder's lock, which it takes before it starts training (before metrics.csv). */
async function lockAppears(out: string, child: ChildProcess): Promise<RunDirLockHolder> {
  await appears([join(out, lockFileName), join(out, 'metrics.csv')], child);
  expect(existsSync(join(out, lockFileName)), 'the holder is training without a lock file').toBe(true);
  return JSON.parse(readFileSync(join(out, lockFileName), 'utf8')) as RunDirLockHolder;
}

describe('one process per --out', () => {
  it('a second `lamas train` on a busy --out exits 2 naming the holder; after the holder is SIGKILLed its stale lock is taken over', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lamas-out-lock-')), 'run');
    const lockFile = join(out, lockFileName);
    const holder = startHolder(out);
    const held = await lockAppears(out, holder.child);
    expect(held).toMatchObject({ pid: holder.child.pid, host: hostname() });
    expect(held.command).toContain('lamas train');

    // The holder is inside its first batch (its metrics.csv header is written) and stays there.
    const metrics = join(out, 'metrics.csv');
    await appears([metrics], holder.child);
    // The file exists a moment before its header is in it: read it once the header line is whole.
    while (!readFileSync(metrics, 'utf8').includes('\n') && holder.child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    const metricsBefore = readFileSync(metrics, 'utf8');
    expect(metricsBefore).not.toBe('');
    const second = await runCli(['train', ...tiny, '--out', out, '--json']);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/^lamas: --out: /);
    for (const part of [`pid ${holder.child.pid}`, hostname(), held.startedAt, 'lamas train', lockFile]) expect(second.stderr).toContain(part);
    // It wrote nothing: the holder's metrics are as the holder left them.
    expect(readFileSync(metrics, 'utf8')).toBe(metricsBefore);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toEqual(held);

    // A crash leaves the lock behind; its pid is dead, so the next train takes it over and runs.
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(existsSync(lockFile)).toBe(true);
    // The killed run left its metrics.csv: going on is --resume (without it the run would be refused, issue 17.2).
    const after = await runCli(['train', ...tiny, '--out', out, '--resume', '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain(`taking over the stale lock ${lockFile}: pid ${holder.child.pid}`);
    expect(after.stderr).toContain(`--resume: ${out} has no checkpoint yet`);
    expect(JSON.parse(after.stdout)).toMatchObject({ training: { steps: 1 } });
    expect(existsSync(lockFile)).toBe(false);
  });

  it('SIGTERM releases the lock and still ends the process by the signal', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lamas-out-lock-')), 'run');
    const lockFile = join(out, lockFileName);
    const holder = startHolder(out);
    await lockAppears(out, holder.child);
    holder.child.kill('SIGTERM');
    expect(await holder.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(existsSync(lockFile)).toBe(false);
  });

  it('`lamas run --out` and `lamas sweep --out` refuse a busy directory, and a sweep refuses one whose λt directory is busy', async () => {
    const busy = (dir: string) => {
      mkdirSync(dir, { recursive: true });
      // A live process that is not this one: the test runner that started this worker.
      writeFileSync(join(dir, lockFileName), JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2025-01-02T03:04:05.000Z', command: 'lamas train --out elsewhere', nonce: 'n' }));
      return join(dir, lockFileName);
    };
    const root = mkdtempSync(join(tmpdir(), 'lamas-out-lock-'));
    const runLock = busy(join(root, 'run'));
    const run = await runCli(['run', '--task', 'gsm8k', '--limit', '1', '--out', join(root, 'run')]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`pid ${process.ppid}`);
    expect(run.stderr).toContain(runLock);

    const lambdaLock = busy(join(root, 'sweep', 'lambda-0.005'));
    const sweep = await runCli(['sweep', '--task', 'gsm8k', '--limit', '4', '--epochs', '1', '--lambda-t', '0,0.005', '--baselines', 'cot', '--out', join(root, 'sweep')]);
    expect(sweep.code, sweep.stderr).toBe(2);
    expect(sweep.stderr).toContain(lambdaLock);
    expect(sweep.stderr).toContain('lamas train --out elsewhere');
    expect(existsSync(join(root, 'sweep', lockFileName))).toBe(false);
    expect(existsSync(join(root, 'sweep', 'lambda-0', lockFileName))).toBe(false);
  });
});
