import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';

/** Who holds a run-directory lock: what its lock file says. */
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

/** This process, as the holder of a lock it is about to take. */
export function newHolder(command: string): RunDirLockHolder {
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

export function describeHolder(holder: RunDirLockHolder): string {
  return `pid ${holder.pid} on ${holder.host} since ${holder.startedAt} (${holder.command})`;
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
