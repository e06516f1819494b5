import { removeIfOurs } from './run-dir-lock-file.ts';
import type { RunDirLockHolder } from './run-dir-lock-holder.ts';

/** A lock this process holds. */
export interface RunDirLock {
  dir: string;
  file: string;
  holder: RunDirLockHolder;
  /** Removes the lock file if it is still this lock's; idempotent. */
  release(): void;
}

// --- release on exit and on SIGINT/SIGTERM/SIGHUP, while any lock is held ---

const held = new Set<RunDirLock>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A lock just taken: held (and released on exit or a fatal signal) until its `release`. */
export function holdLock(dir: string, file: string, holder: RunDirLockHolder): RunDirLock {
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
