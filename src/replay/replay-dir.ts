import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../util/errors.ts';

/** Where `lamas data fetch replay --dest .lamas-data` puts the files (the manifest's paths start with `replay/`). */
export const fetchedReplayDir = '.lamas-data/replay';
/** The development copy beside a worktree (see ../shared/replay/README.md). */
export const sharedReplayDir = '../shared/replay';
/** Overrides the default location without a flag (CI, a shared machine). */
export const replayDirEnv = 'LAMAS_REPLAY_DIR';

/**
 * The folder of recordings: `--replay-dir`, else $LAMAS_REPLAY_DIR, else the fetched location,
 * else ../shared/replay when present. A named folder that does not exist is an error naming
 * its flag; no folder at all says how to fetch one.
 */
export function resolveReplayDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const named = flag !== undefined ? { dir: flag, via: '--replay-dir' } : env[replayDirEnv] ? { dir: env[replayDirEnv]!, via: replayDirEnv } : undefined;
  if (named) {
    if (!isDirectory(named.dir)) throw new UsageError(`${named.dir} is not a directory of replay recordings`, named.via);
    return resolve(named.dir);
  }
  const found = [fetchedReplayDir, sharedReplayDir].find(isDirectory);
  if (found) return resolve(found);
  throw new UsageError(`no replay recordings found (looked in ${fetchedReplayDir} and ${sharedReplayDir}): run "lamas data fetch replay --dest .lamas-data" or pass --replay-dir DIR`, '--replay-dir');
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
