import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSystemError, OutputError } from './output-errors.ts';

/**
 * Writes to a sibling temp file and renames it over the target, so readers never see half a file.
 * An OS error (an unwritable directory, a full disk) is an OutputError naming `path`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    throw isSystemError(error) ? new OutputError(path, error) : error;
  }
}
