import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, openSync, readFileSync, realpathSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * One writer per run directory (`--out`). Two trainers on one directory interleave metrics.csv
 * rows and overwrite each other's checkpoints, so a command that writes a run directory holds
 * `<dir>/.lamas.lock` while it runs. The file appears atomically (written aside, then hard-linked
 * into place, which fails if it exists) and holds who made it. A second process fails at once
 * naming the holder; a lock whose holder is no longer alive on this host (crash, SIGKILL, reboot)
 * is taken over, race-free: only the process that wins an exclusive claim file named after the
 * stale lock's nonce may delete that lock, and it re-reads the lock under the claim first.
 */
export const lockFileName = '.lamas.lock';

export interface RunDirLockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
  /** Unique per acquisition: tells this lock from any later one at the same path. */
  nonce: string;
  /** Linux boot id: a lock from before a reboot is stale whatever its pid. */
  bootId?: string;
}

export interface RunDirLock {
  dir: string;
  file: string;
  holder: RunDirLockHolder;
  /** Removes the lock file if it is still this lock's; idempotent. */
  release(): void;
}

export interface AcquireRunDirLockOptions {
  /** What the holder runs, for the message another process prints (default: this process's argv). */
  command?: string;
  /** The flag that named the directory, for the error message (e.g. `--out`). */
  flag?: string;
  /** Told when a stale lock is taken over (default: a line on stderr). */
  onStaleLock?: (stale: RunDirLockHolder, file: string) => void;
}

/** The directory is in use by another live process (exit code 2, as bad usage). */
export class RunDirLockedError extends UsageError {
  constructor(
    readonly dir: string,
    readonly file: string,
    readonly holder: RunDirLockHolder | null,
    reason: string,
    flag?: string,
  ) {
    super(reason, flag);
  }
}

/**
 * Takes the lock on `dir` (created if missing), or throws RunDirLockedError naming the holder.
 * Also refuses a directory inside another live process's run directory (a sweep's λt runs).
 */
export function acquireRunDirLock(dir: string, options: AcquireRunDirLockOptions = {}): RunDirLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, lockFileName);
  const holder = newHolder(options.command ?? commandLine(process.argv));
  const onStale = options.onStaleLock ?? ((stale, path) => process.stderr.write(`lamas: taking over the stale lock ${path}: pid ${stale.pid} (${stale.command}, since ${stale.startedAt}) is no longer running on ${stale.host}\n`));

  // Each turn either takes the lock, throws, or saw the lock vanish or change under it (retry).
  for (let attempt = 0; ; attempt++) {
    if (attempt > 100) throw locked(dir, file, null, `could not take the lock ${file}: it keeps changing`, options.flag);
    if (createExclusive(file, holder)) break;
    const current = readHolder(file);
    if (current === 'missing') continue;
    if (current === 'unreadable') throw locked(dir, file, null, `${dir} has a lock file that is not a lamas lock: ${file} (delete it if no lamas process uses ${dir})`, options.flag);
    if (!isStale(current)) throw locked(dir, file, current, `${dir} is in use by ${describeHolder(current)}; lock file ${file}${hint(current)}`, options.flag);
    if (takeOverStale(file, current, dir, options.flag)) onStale(current, file);
  }

  const lock = makeLock(dir, file, holder);
  try {
    checkAncestors(dir, options.flag);
  } catch (error) {
    lock.release();
    throw error;
  }
  return lock;
}

/** Runs `fn` holding the locks of every directory in `dirs` (taken in order, released in reverse). */
export async function withRunDirLocks<T>(dirs: string[], fn: () => Promise<T>, options: AcquireRunDirLockOptions = {}): Promise<T> {
  const locks: RunDirLock[] = [];
  const seen = new Set<string>();
  try {
    for (const dir of dirs) {
      if (seen.has(resolve(dir))) continue;
      seen.add(resolve(dir));
      locks.push(acquireRunDirLock(dir, options));
    }
    return await fn();
  } finally {
    for (const lock of locks.reverse()) lock.release();
  }
}

function newHolder(command: string): RunDirLockHolder {
  const boot = bootId();
  return { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command, nonce: randomBytes(8).toString('hex'), ...(boot ? { bootId: boot } : {}) };
}

/** Whether this lock's holder cannot be running any more. A holder on another host never is stale. */
export function isStale(holder: RunDirLockHolder): boolean {
  if (holder.host !== hostname()) return false;
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return true;
  return !isAlive(holder.pid);
}

/** `kill(pid, 0)`: ESRCH means no such process; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Deletes the stale lock `stale` if it is still in place, under an exclusive claim named after
 * its nonce so that of several processes taking over at once exactly one deletes it (the others
 * fail to make the claim, or find the lock changed when they re-read it). Returns whether this
 * process deleted it; the caller then races for the lock like any acquirer.
 */
function takeOverStale(file: string, stale: RunDirLockHolder, dir: string, flag: string | undefined): boolean {
  const claimFile = `${file}.${stale.nonce}.takeover`;
  const claim = newHolder(commandLine(process.argv));
  if (!createExclusive(claimFile, claim)) {
    const claimant = readHolder(claimFile);
    if (claimant === 'missing') return false;
    if (claimant !== 'unreadable' && !isStale(claimant)) throw locked(dir, file, claimant, `${dir} is being taken over by ${describeHolder(claimant)}; lock file ${file}`, flag);
    throw locked(dir, file, stale, `a takeover of the stale lock ${file} was interrupted; if no lamas process uses ${dir}, delete ${file} and ${claimFile}`, flag);
  }
  try {
    const current = readHolder(file);
    if (typeof current !== 'object' || current.nonce !== stale.nonce) return false;
    unlinkSync(file);
    return true;
  } finally {
    removeIfOurs(claimFile, claim.nonce);
  }
}

/** A directory inside another live process's run directory is that process's to write. */
function checkAncestors(dir: string, flag: string | undefined): void {
  let current = realpathSync(dir);
  for (let parent = dirname(current); parent !== current; current = parent, parent = dirname(parent)) {
    const file = join(parent, lockFileName);
    let holder: ReturnType<typeof readHolder>;
    try {
      holder = readHolder(file);
    } catch {
      continue; // an ancestor we may not read is not a run directory of ours
    }
    if (typeof holder !== 'object') continue;
    if (holder.pid === process.pid && holder.host === hostname()) continue;
    if (isStale(holder)) continue;
    throw locked(dir, file, holder, `${dir} is inside ${parent}, which is in use by ${describeHolder(holder)}; lock file ${file}${hint(holder)}`, flag);
  }
}

/** Writes `holder` to `file` only if `file` does not exist; the file never appears half-written. */
function createExclusive(file: string, holder: RunDirLockHolder): boolean {
  const text = `${JSON.stringify(holder)}\n`;
  const temp = `${file}.${holder.nonce}.tmp`;
  writeFileSync(temp, text);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    return createExclusiveWithoutLinks(file, text);
  } finally {
    unlinkSync(temp);
  }
}

/** File systems without hard links: O_EXCL (a reader may briefly see it empty, and then refuses). */
function createExclusiveWithoutLinks(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(file: string): RunDirLockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<RunDirLockHolder>;
    if (Number.isInteger(value.pid) && value.pid! > 0 && typeof value.host === 'string' && typeof value.nonce === 'string') {
      return { pid: value.pid!, host: value.host, startedAt: String(value.startedAt), command: String(value.command), nonce: value.nonce, ...(typeof value.bootId === 'string' ? { bootId: value.bootId } : {}) };
    }
  } catch {
    // not JSON: fall through
  }
  return 'unreadable';
}

function removeIfOurs(file: string, nonce: string): boolean {
  const current = readHolder(file);
  if (typeof current !== 'object' || current.nonce !== nonce) return false;
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return true;
}

function describeHolder(holder: RunDirLockHolder): string {
  return `pid ${holder.pid} on ${holder.host} since ${holder.startedAt} (${holder.command})`;
}

function hint(holder: RunDirLockHolder): string {
  return holder.host === hostname() ? '; wait for it to finish or use another directory' : `; if that process is no longer running on ${holder.host}, delete the lock file`;
}

function locked(dir: string, file: string, holder: RunDirLockHolder | null, reason: string, flag: string | undefined): RunDirLockedError {
  return new RunDirLockedError(dir, file, holder, reason, flag);
}

/** `lamas train --out x`, quoting arguments that hold spaces. */
export function commandLine(argv: readonly string[]): string {
  const script = basename(argv[1] ?? 'node');
  const name = /^lamas(\.js)?$/.test(script) ? 'lamas' : script;
  return [name, ...argv.slice(2)].map((arg) => (/[\s"']/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
}

let cachedBootId: string | null | undefined;
function bootId(): string | undefined {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId ?? undefined;
}

// --- release on exit and on SIGINT/SIGTERM/SIGHUP, while any lock is held ---

const held = new Set<RunDirLock>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function makeLock(dir: string, file: string, holder: RunDirLockHolder): RunDirLock {
  const lock: RunDirLock = {
    dir,
    file,
    holder,
    release() {
      if (!held.delete(lock)) return;
      if (held.size === 0) uninstallHandlers();
      removeIfOurs(file, holder.nonce);
    },
  };
  if (held.size === 0) installHandlers();
  held.add(lock);
  return lock;
}

function releaseAll(): void {
  for (const lock of [...held]) {
    try {
      lock.release();
    } catch {
      // exiting anyway: a lock left behind is taken over as stale next time
    }
  }
}

/**
 * A signal nobody else handles would kill the process without running 'exit' listeners: release,
 * then re-raise it so the process still ends the way the signal asks. When the program handles
 * the signal itself (a graceful shutdown), leave the locks to its normal release.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  uninstallHandlers();
  process.kill(process.pid, signal);
}

function installHandlers(): void {
  process.on('exit', releaseAll);
  for (const signal of signals) process.on(signal, onSignal);
}

function uninstallHandlers(): void {
  process.off('exit', releaseAll);
  for (const signal of signals) process.off(signal, onSignal);
}
