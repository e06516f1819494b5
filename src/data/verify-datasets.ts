import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../util/errors.ts';
import { DATASET_MANIFEST, type DatasetManifest } from './dataset-manifest.ts';
import { sha256File } from './sha256-file.ts';

/** ok: pinned hash matches; mismatch: present with other bytes; missing: not there; unknown: a .jsonl the manifest does not pin. */
export type VerifiedFileStatus = 'ok' | 'mismatch' | 'missing' | 'unknown';

export interface VerifiedFile {
  /** Path relative to the verified directory, forward slashes. */
  path: string;
  status: VerifiedFileStatus;
  /** The dataset pinning this path; absent for unknown files. */
  dataset?: string;
  /** Pinned sha256; absent for unknown files. */
  expected?: string;
  /** Recomputed sha256 of the bytes on disk; absent for missing files. */
  actual?: string;
  bytes?: number;
}

/** complete: all files ok; partial: some ok, rest missing; absent: none present; corrupt: some file mismatches. */
export type DatasetStatus = 'complete' | 'partial' | 'absent' | 'corrupt';

export interface DatasetVerification {
  name: string;
  status: DatasetStatus;
}

export interface VerifyReport {
  dir: string;
  /**
   * True when at least one pinned file verified, nothing mismatches and no dataset is only
   * partly present. Datasets that are wholly absent do not count against it: a directory
   * holding just the datasets a user fetched is healthy.
   */
  ok: boolean;
  files: VerifiedFile[];
  datasets: DatasetVerification[];
  counts: Record<VerifiedFileStatus, number>;
}

export interface VerifyDatasetsOptions {
  /** Replaces the pinned catalogue; tests pass their own fixtures. */
  manifest?: DatasetManifest;
}

/** How deep the search for unpinned .jsonl files goes; data directories are shallow. */
const UNKNOWN_SCAN_DEPTH = 4;

/** Recomputes the sha256 of every pinned file under `dir` and reports each one; needs no network. */
export async function verifyDatasets(dir: string, options: VerifyDatasetsOptions = {}): Promise<VerifyReport> {
  const manifest = options.manifest ?? DATASET_MANIFEST;
  const root = resolve(dir);
  await assertDirectory(root, dir);

  const pinned = manifest.flatMap((entry) => entry.files.map((file) => ({ dataset: entry.name, file })));
  const files: VerifiedFile[] = await Promise.all(
    pinned.map(async ({ dataset, file }): Promise<VerifiedFile> => {
      const onDisk = join(root, ...file.path.split('/'));
      if (!(await isFile(onDisk))) return { path: file.path, status: 'missing', dataset, expected: file.sha256 };
      const digest = await sha256File(onDisk);
      return {
        path: file.path,
        status: digest.sha256 === file.sha256 ? 'ok' : 'mismatch',
        dataset,
        expected: file.sha256,
        actual: digest.sha256,
        bytes: digest.bytes,
      };
    }),
  );

  const known = new Set(pinned.map(({ file }) => file.path));
  for (const path of await listJsonl(root, '', UNKNOWN_SCAN_DEPTH)) {
    if (known.has(path)) continue;
    const digest = await sha256File(join(root, ...path.split('/')));
    files.push({ path, status: 'unknown', actual: digest.sha256, bytes: digest.bytes });
  }

  const datasets = manifest.map((entry): DatasetVerification => {
    const statuses = files.filter((f) => f.dataset === entry.name).map((f) => f.status);
    let status: DatasetStatus;
    if (statuses.includes('mismatch')) status = 'corrupt';
    else if (statuses.every((s) => s === 'ok')) status = 'complete';
    else if (statuses.every((s) => s === 'missing')) status = 'absent';
    else status = 'partial';
    return { name: entry.name, status };
  });

  const counts: Record<VerifiedFileStatus, number> = { ok: 0, mismatch: 0, missing: 0, unknown: 0 };
  for (const file of files) counts[file.status] += 1;
  const ok = counts.ok > 0 && datasets.every((d) => d.status === 'complete' || d.status === 'absent');
  return { dir: root, ok, files, datasets, counts };
}

async function assertDirectory(root: string, given: string): Promise<void> {
  try {
    if ((await stat(root)).isDirectory()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new InputError({ file: given }, 'no such directory');
  }
  throw new InputError({ file: given }, 'not a directory');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Relative paths of .jsonl files under root, sorted; skips hidden entries (editor and VCS state). */
async function listJsonl(root: string, prefix: string, depth: number): Promise<string[]> {
  const entries = await readdir(prefix ? join(root, ...prefix.split('/')) : root, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory() && depth > 1) found.push(...(await listJsonl(root, path, depth - 1)));
    else if (entry.isFile() && entry.name.endsWith('.jsonl')) found.push(path);
  }
  return found;
}
