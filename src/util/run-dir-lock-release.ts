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
      disarmIfIdle();
      removeIfOurs(file, holder.nonce);
    },
  };
  armRelease();
  held.add(lock);
  return lock;
}

/**
 * Installs the release handlers before a lock file is created. A signal with no handler kills at
 * once, so one arriving between creating the file and holding the lock would leave the file
 * behind (seen at load 25: the test sent SIGTERM the moment the file appeared). With the handlers
 * in place, Node runs them after the synchronous acquisition, when the lock is held.
 */
export function armRelease(): void {
  if (!installed) installHandlers();
}

/** Removes the handlers when no lock is held (an acquisition that failed, the last release). */
export function disarmIfIdle(): void {
  if (held.size === 0 && installed) uninstallHandlers();
}

let installed = false;

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
  installed = true;
  process.on('exit', releaseAll);
  for (const signal of signals) process.on(signal, onSignal);
}

function uninstallHandlers(): void {
  installed = false;
  process.off('exit', releaseAll);
  for (const signal of signals) process.off(signal, onSignal);
}
