import { z } from 'zod';
import { DATASET_MANIFEST, findDataset, type DatasetManifest } from '../../data/dataset-manifest.ts';
import { fetchDataset, resolveMirrorUrl, type FetchProgress, type FetchResult } from '../../data/fetch-dataset.ts';
import { verifyDatasets, type VerifyReport } from '../../data/verify-datasets.ts';
import { createProgress, type Progress } from '../progress.ts';
import { dataFetchOptionsSchema, dataVerifyOptionsSchema } from '../command-options.ts';

export { dataFetchOptionsSchema, dataVerifyOptionsSchema };

/** The environment variable naming a default mirror, for air-gapped machines. */
export const DATA_MIRROR_ENV = 'LAMAS_DATA_MIRROR';

export type DataFetchOptions = z.input<typeof dataFetchOptionsSchema>;

export type DataVerifyOptions = z.input<typeof dataVerifyOptionsSchema>;

/** Seams for tests and embedding; the CLI passes none. */
export interface DataCommandContext {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  manifest?: DatasetManifest;
  /** Progress display on stderr; defaults to createProgress. */
  createProgress?: (label: string, total: number) => Progress;
}

export type DataFetchResult = FetchResult;
export type DataVerifyResult = VerifyReport;

/** `lamas data fetch NAME --dest DIR [--mirror URL]`; the mirror falls back to $LAMAS_DATA_MIRROR. */
export async function dataFetch(options: DataFetchOptions, context: DataCommandContext = {}): Promise<DataFetchResult> {
  const manifest = context.manifest ?? DATASET_MANIFEST;
  const entry = findDataset(options.name, manifest);
  const envMirror = (context.env ?? process.env)[DATA_MIRROR_ENV];
  // Resolve here so a bad value names where it came from (the flag or the variable).
  const baseUrl =
    options.mirror !== undefined
      ? resolveMirrorUrl(options.mirror, '--mirror')
      : envMirror
        ? resolveMirrorUrl(envMirror, DATA_MIRROR_ENV)
        : undefined;

  // Count bytes when every size is known (a steady bar even across one big file), else files.
  const sizes = entry.files.map((f) => f.bytes);
  const byBytes = sizes.every((s) => s !== undefined);
  const total = byBytes ? sizes.reduce<number>((sum, s) => sum + (s ?? 0), 0) : entry.files.length;
  const progress = (context.createProgress ?? createProgress)(`fetch ${entry.name}`, total);
  const ticked = new Map<string, number>();
  const onProgress = (event: FetchProgress) => {
    const size = sizes[event.fileIndex] ?? 0;
    const target = byBytes ? (event.done ? size : Math.min(event.receivedBytes, size)) : event.done ? 1 : 0;
    const before = ticked.get(event.path) ?? 0;
    if (target > before) {
      progress.tick(target - before);
      ticked.set(event.path, target);
    }
  };

  try {
    return await fetchDataset({ name: entry.name, dest: options.dest, baseUrl, signal: context.signal, onProgress, manifest });
  } finally {
    progress.stop();
  }
}

/** `lamas data verify DIR`: the caller exits 1 unless `ok`. */
export async function dataVerify(options: DataVerifyOptions, context: DataCommandContext = {}): Promise<DataVerifyResult> {
  return verifyDatasets(options.dir, { manifest: context.manifest });
}

export function renderFetchResult(result: DataFetchResult): string {
  const lines = [`${result.dataset} -> ${result.dest}${result.mirror ? ` (mirror ${result.mirror})` : ''}`];
  const width = Math.max(...result.files.map((f) => f.status.length));
  for (const file of result.files) {
    lines.push(`  ${file.status.padEnd(width)}  ${file.path}  ${formatBytes(file.bytes)}  sha256 ${file.sha256.slice(0, 12)}`);
  }
  const n = result.files.length;
  lines.push(`${n} file${n === 1 ? '' : 's'} verified: ${result.downloaded} downloaded, ${result.present} already present`);
  return lines.join('\n');
}

export function renderVerifyReport(report: DataVerifyResult): string {
  const lines = [`verify ${report.dir}`];
  const shown = report.files.filter((f) => f.status !== 'missing' || isPresentDataset(report, f.dataset));
  const width = Math.max(0, ...shown.map((f) => f.status.length));
  for (const file of shown) {
    let detail = '';
    if (file.status === 'mismatch') detail = `  expected ${file.expected} got ${file.actual}`;
    else if (file.status === 'unknown') detail = '  (not in the manifest)';
    else if (file.status === 'missing') detail = '  (the rest of its dataset is present)';
    lines.push(`  ${file.status.padEnd(width)}  ${file.path}${detail}`);
  }
  const present = report.datasets.filter((d) => d.status !== 'absent').map((d) => `${d.name} ${d.status}`);
  const absent = report.datasets.filter((d) => d.status === 'absent').map((d) => d.name);
  if (present.length > 0) lines.push(`datasets: ${present.join(', ')}`);
  if (absent.length > 0) lines.push(`not present: ${absent.join(', ')}`);
  const { ok, mismatch, missing, unknown } = report.counts;
  lines.push(`${report.ok ? 'OK' : 'FAILED'}: ${ok} ok, ${mismatch} mismatch, ${missing} missing, ${unknown} unknown`);
  if (ok === 0) lines.push('no pinned dataset file found in this directory');
  return lines.join('\n');
}

/** Missing files only matter when the rest of their dataset is there; wholly absent datasets are summarised. */
function isPresentDataset(report: DataVerifyResult, dataset: string | undefined): boolean {
  return report.datasets.some((d) => d.name === dataset && d.status !== 'absent');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
