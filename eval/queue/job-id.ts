import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '../../src/llm/cache/canonical-json.ts';
import { sourcePath } from '../../src/util/source-path.ts';

/** This lamas's version (package.json), read once. */
export const lamasVersion: string = (JSON.parse(readFileSync(sourcePath('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * A job's id: a hash of everything that decides its result, and of the lamas version that computes
 * it. The same inputs enqueued twice (a rerun, a second machine) are one job, run once; a later run
 * with the same inputs may take its stored result as it is, but not after lamas was upgraded, whose
 * code may compute another result from them.
 */
export function jobId(kind: string, inputs: unknown, version: string = lamasVersion): string {
  return `${kind}-${createHash('sha256').update(canonicalJson({ lamas: version, inputs })).digest('hex').slice(0, 40)}`;
}
