import { closeSync, mkdirSync, openSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Linux's /dev/full: opens like a file, and every write fails with ENOSPC — a full disk without root or a tiny filesystem. */
export const fullDevice = '/dev/full';

function writesFailWithEnospc(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'a');
    writeSync(fd, 'x');
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ENOSPC';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export const hasFullDevice = writesFailWithEnospc(fullDevice);

if (!hasFullDevice) console.warn(`skipping the full-disk trace tests: ${fullDevice} is absent or does not fail writes with ENOSPC on this system`);

/** Makes `dir/name` a symlink to /dev/full, so whatever opens it there writes to a full disk. Returns the path. */
export function fullDiskFile(dir: string, name = 'trace.jsonl'): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  symlinkSync(fullDevice, path);
  return path;
}
