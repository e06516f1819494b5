import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acquireRunDirLock, lockFileName, type RunDirLockHolder, RunDirLockedError, withRunDirLocks } from './run-dir-lock.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const freshDir = () => mkdtempSync(join(tmpdir(), 'lamas-lock-'));

/** The pid of a process that has exited (and been reaped): nothing runs under it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function writeLock(dir: string, holder: Partial<RunDirLockHolder>): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, lockFileName);
  writeFileSync(file, JSON.stringify({ host: hostname(), startedAt: '2025-01-02T03:04:05.000Z', command: 'lamas train --out x', nonce: 'feedface', ...holder }));
  return file;
}

function thrown(fn: () => unknown): RunDirLockedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RunDirLockedError);
    return error as RunDirLockedError;
  }
  throw new Error('expected acquireRunDirLock to throw');
}

describe('acquireRunDirLock', () => {
  it('writes who holds the directory, and release removes the lock file', () => {
    const dir = join(freshDir(), 'run');
    const lock = acquireRunDirLock(dir, { command: 'lamas train --out run' });
    expect(lock.file).toBe(join(dir, lockFileName));
    const written = JSON.parse(readFileSync(lock.file, 'utf8')) as RunDirLockHolder;
    expect(written).toMatchObject({ pid: process.pid, host: hostname(), command: 'lamas train --out run' });
    expect(Number.isNaN(Date.parse(written.startedAt))).toBe(false);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lock.release(); // idempotent
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a second acquire fails at once with exit code 2, naming the holder (pid, host, command, since) and the lock file', () => {
    const dir = freshDir();
    const lock = acquireRunDirLock(dir, { command: 'lamas train --out first' });
    const error = thrown(() => acquireRunDirLock(dir, { command: 'lamas train --out second', flag: '--out' }));
    expect(error.exitCode).toBe(2);
    expect(error.holder).toEqual(lock.holder);
    expect(error.message).toContain('--out: ');
    for (const part of [`pid ${process.pid}`, hostname(), lock.holder.startedAt, 'lamas train --out first', lock.file]) expect(error.message).toContain(part);
    // The holder is untouched and still releases its own lock.
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toEqual(lock.holder);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('holds a SIGTERM handler while a lock is held, and leaves none after a refused or released lock', () => {
    const dir = freshDir();
    const before = process.listenerCount('SIGTERM');
    // A lock file of another live holder: the acquisition creates nothing and fails.
    const other = acquireRunDirLock(dir, { command: 'lamas train --out other' });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    thrown(() => acquireRunDirLock(dir, { command: 'lamas train --out second' }));
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    other.release();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    // A failed acquisition with no other lock held leaves no handler behind.
    writeFileSync(join(dir, lockFileName), 'not a lock');
    thrown(() => acquireRunDirLock(dir, { command: 'lamas train' }));
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('respects the lock of another live process on this host', () => {
    const dir = freshDir();
    const file = writeLock(dir, { pid: process.ppid, command: 'lamas sweep --out elsewhere' });
    const error = thrown(() => acquireRunDirLock(dir));
    expect(error.message).toContain(`pid ${process.ppid}`);
    expect(error.message).toContain('lamas sweep --out elsewhere');
    expect(existsSync(file)).toBe(true);
  });

  it('takes over a stale lock whose process has exited (after a crash), and says so', async () => {
    const dir = freshDir();
    const pid = await deadPid();
    const file = writeLock(dir, { pid });
    const notices: RunDirLockHolder[] = [];
    const lock = acquireRunDirLock(dir, { onStaleLock: (stale) => notices.push(stale) });
    expect(notices.map((stale) => stale.pid)).toEqual([pid]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(lock.holder);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never takes over a lock from another host (its process cannot be checked)', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: await deadPid(), host: `not-${hostname()}` });
    const error = thrown(() => acquireRunDirLock(dir));
    expect(error.message).toContain(`on not-${hostname()}`);
    expect(error.message).toContain('delete the lock file');
  });

  it('refuses a lock file it cannot read rather than guessing', () => {
    const dir = freshDir();
    writeFileSync(join(dir, lockFileName), 'garbage');
    expect(thrown(() => acquireRunDirLock(dir)).message).toContain('not a lamas lock');
  });

  it('release leaves alone a lock file that is no longer its own', () => {
    const dir = freshDir();
    const lock = acquireRunDirLock(dir);
    writeLock(dir, { pid: process.ppid, nonce: 'someone-else' });
    lock.release();
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ nonce: 'someone-else' });
  });

  it("refuses a directory inside another live process's run directory, not inside its own", () => {
    const foreign = freshDir();
    writeLock(foreign, { pid: process.ppid, command: 'lamas sweep --out s' });
    const error = thrown(() => acquireRunDirLock(join(foreign, 'lambda-0')));
    expect(error.message).toContain(`is inside ${foreign}`);
    expect(error.message).toContain('lamas sweep --out s');
    expect(existsSync(join(foreign, 'lambda-0', lockFileName))).toBe(false);

    const own = freshDir();
    const outer = acquireRunDirLock(own);
    const inner = acquireRunDirLock(join(own, 'lambda-0'));
    inner.release();
    outer.release();
  });

  it('withRunDirLocks holds every directory while it runs and releases them when it throws', async () => {
    const dir = freshDir();
    const dirs = [dir, join(dir, 'a'), join(dir, 'a')];
    await expect(
      withRunDirLocks(dirs, async () => {
        expect(existsSync(join(dir, lockFileName))).toBe(true);
        expect(existsSync(join(dir, 'a', lockFileName))).toBe(true);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(join(dir, lockFileName))).toBe(false);
    expect(existsSync(join(dir, 'a', lockFileName))).toBe(false);
  });

  it('of several processes taking over one stale lock at the same moment, exactly one gets it (every time)', async () => {
    const base = freshDir();
    const rounds = 25;
    const pid = await deadPid();
    const dirs = Array.from({ length: rounds }, (_, round) => join(base, `r${round}`));
    dirs.forEach((dir, round) => writeLock(dir, { pid, nonce: `stale-${round}` }));
    const racers = Array.from({ length: 4 }, () => startRacer());
    for (const racer of racers) expect(await racer.next()).toBe('ready');
    for (const dir of dirs) {
      for (const racer of racers) racer.child.stdin.write(`${dir}\n`);
      const outcomes = await Promise.all(racers.map(async (racer) => JSON.parse(await racer.next()) as { ok: boolean; message?: string }));
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => !o.ok)) expect(outcome.message).toMatch(/is (in use|being taken over) by pid \d+/);
      expect(readdirSync(dir)).toEqual([lockFileName]);
    }
    // Each racer exits normally while holding its locks: they are released on exit.
    for (const racer of racers) racer.child.stdin.end();
    await Promise.all(racers.map((racer) => racer.exited));
    for (const dir of dirs) expect(readdirSync(dir)).toEqual([]);
  });
});

/** A process that, for each directory read from stdin, tries to take its lock and prints the outcome; it holds what it took until it exits. */
function startRacer() {
  const script = `
    import { createInterface } from 'node:readline';
    const { acquireRunDirLock } = await import(process.env.LOCK_MODULE);
    console.log('ready');
    for await (const dir of createInterface({ input: process.stdin })) {
      try {
        acquireRunDirLock(dir, { command: 'racer', onStaleLock: () => {} });
        console.log(JSON.stringify({ ok: true }));
      } catch (error) {
        console.log(JSON.stringify({ ok: false, message: error.message }));
      }
    }
  `;
  const env = { ...process.env, LOCK_MODULE: pathToFileURL(join(root, 'src/util/run-dir-lock.ts')).href };
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`racer exited ${code}: ${stderr}`)))));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`racer ended early: ${stderr}`);
    return line.value;
  };
  return { child, exited, next };
}
