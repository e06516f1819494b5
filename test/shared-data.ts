import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared/data` beside the repository (CI has it; a fresh clone elsewhere may not). */
export const sharedDataDir = fileURLToPath(new URL('../../shared/data', import.meta.url));
export const hasSharedData = existsSync(sharedDataDir);

if (!hasSharedData) console.warn(`skipping tests over the real benchmark files: ${sharedDataDir} is absent`);

export function sharedFile(relative: string): string {
  return join(sharedDataDir, relative);
}
