import { mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';
import { createExclusive, readHolder, removeIfOurs } from './run-dir-lock-file.ts';
import { commandLine, describeHolder, isStale, newHolder, type RunDirLockHolder } from './run-dir-lock-holder.ts';
import { armRelease, disarmIfIdle, holdLock, type RunDirLock } from './run-dir-lock-release.ts';

export { commandLine, isStale, type RunDirLockHolder } from './run-dir-lock-holder.ts';
export { type RunDirLock } from './run-dir-lock-release.ts';

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

  armRelease();
  try {
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
  } catch (error) {
    disarmIfIdle();
    throw error;
  }

  const lock = holdLock(dir, file, holder);
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

function hint(holder: RunDirLockHolder): string {
  return holder.host === hostname() ? '; wait for it to finish or use another directory' : `; if that process is no longer running on ${holder.host}, delete the lock file`;
}

function locked(dir: string, file: string, holder: RunDirLockHolder | null, reason: string, flag: string | undefined): RunDirLockedError {
  return new RunDirLockedError(dir, file, holder, reason, flag);
}
