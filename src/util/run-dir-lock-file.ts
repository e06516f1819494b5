import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { RunDirLockHolder } from './run-dir-lock-holder.ts';

/** Writes `holder` to `file` only if `file` does not exist; the file never appears half-written. */
export function createExclusive(file: string, holder: RunDirLockHolder): boolean {
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

/** The holder a lock file names; 'missing' when there is no file, 'unreadable' when it is not a lamas lock. */
export function readHolder(file: string): RunDirLockHolder | 'missing' | 'unreadable' {
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

/** Deletes `file` if it still holds the acquisition `nonce`; returns whether it did. */
export function removeIfOurs(file: string, nonce: string): boolean {
  const current = readHolder(file);
  if (typeof current !== 'object' || current.nonce !== nonce) return false;
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return true;
}
