import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DatasetEntry } from '../data/dataset-manifest.ts';
import { parseJsonl, validateLine } from '../util/jsonl.ts';
import { sourcePath } from '../util/source-path.ts';

/**
 * One recorded file as published: repository, pinned commit, path in the repository, where it
 * lands (`<owner>__<repo>/<path>`), size, sha256, rows, licence. `replay-manifest.jsonl` holds the
 * rows for every file the replay models read (metadata only: the outputs are fetched, never shipped).
 */
export const replayManifestRowSchema = z.object({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-hex commit'),
  path: z.string().min(1),
  file: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  rows: z.number().int().nonnegative().nullable(),
  license: z.string(),
});
export type ReplayManifestRow = z.infer<typeof replayManifestRowSchema>;

export const replayManifestFile = 'replay-manifest.jsonl';

/** Reads and validates the shipped replay manifest (a bad row names the file and line). */
export function readReplayManifest(file: string = sourcePath(replayManifestFile, import.meta.url)): ReplayManifestRow[] {
  return parseJsonl(readFileSync(file, 'utf8'), file).map((line) => validateLine(replayManifestRowSchema, line, file));
}

/** A raw.githubusercontent.com URL at the pinned commit; each path segment escaped (`NL+SL`, `..gz`). */
export function pinnedUrl(row: ReplayManifestRow): string {
  return `https://raw.githubusercontent.com/${row.repo}/${row.commit}/${row.path.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The `lamas data fetch replay` entry: every file under `replay/` at --dest, from its repository
 * at the pinned commit, checked against its sha256 (fetch-dataset.ts does the download, the
 * check and the atomic rename, as for every dataset).
 */
export function replayDatasetEntry(rows: readonly ReplayManifestRow[]): DatasetEntry {
  const repos = [...new Set(rows.map((row) => `${row.repo} @${row.commit.slice(0, 12)}`))];
  return {
    name: 'replay',
    aliases: ['replay-outputs'],
    description: 'Real model outputs published with five papers (Faithful-COT, Re2, MapCoder, Reflexion, LDB): GSM8K test and HumanEval, for --llm replay:<model>',
    license: [...new Set(rows.map((row) => row.license))].join(', '),
    source: repos.join('; '),
    files: rows.map((row) => ({ path: `replay/${row.file}`, url: pinnedUrl(row), sha256: row.sha256, bytes: row.bytes, ...(row.rows === null ? {} : { rows: row.rows }) })),
  };
}
