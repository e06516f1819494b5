import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { ChecksumError, InputError, UsageError } from '../util/errors.ts';
import { DATASET_MANIFEST, findDataset, type DatasetFile, type DatasetManifest } from './dataset-manifest.ts';
import { DownloadError } from './download-error.ts';
import { sha256File } from './sha256-file.ts';

export interface FetchProgress {
  /** The file's path relative to dest, as in the manifest. */
  path: string;
  fileIndex: number;
  fileCount: number;
  receivedBytes: number;
  /** Announced size of the transfer, when the source states it. */
  totalBytes: number | undefined;
  /** True once the file is in place (downloaded or already present). */
  done: boolean;
}

export interface FetchDatasetOptions {
  /** Dataset name or alias from the manifest. */
  name: string;
  /** Directory the manifest's relative paths are placed under. */
  dest: string;
  /**
   * Mirror root (http(s):// or file:// URL, or a directory path). When set, every file is
   * read from `<baseUrl>/<manifest path>` instead of its upstream URL: a mirror is laid out
   * like a fetched data directory and serves the final, decompressed bytes.
   */
  baseUrl?: string | URL;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  /** Replaces the pinned catalogue; tests pass their own small fixtures. */
  manifest?: DatasetManifest;
}

/** downloaded: newly written; present: already there with the pinned hash; replaced: was there with another hash. */
export type FetchedFileStatus = 'downloaded' | 'present' | 'replaced';

export interface FetchedFile {
  path: string;
  /** Absolute path on disk. */
  file: string;
  status: FetchedFileStatus;
  /** Where the bytes came from; absent when the file was already present. */
  url?: string;
  sha256: string;
  bytes: number;
}

export interface FetchResult {
  dataset: string;
  dest: string;
  mirror?: string;
  files: FetchedFile[];
  downloaded: number;
  present: number;
}

/**
 * Places every file of a dataset under `dest`, each checked against its pinned sha256 before
 * it appears at its final path: bytes stream into a sibling temp file, the hash of the final
 * (decompressed) bytes is compared, and only a match is renamed into place. On any failure
 * the temp file is removed, so nothing half-written or unverified is ever left behind.
 */
export async function fetchDataset(options: FetchDatasetOptions): Promise<FetchResult> {
  const manifest = options.manifest ?? DATASET_MANIFEST;
  const entry = findDataset(options.name, manifest);
  const mirror = options.baseUrl === undefined ? undefined : resolveMirrorUrl(options.baseUrl);
  const dest = resolve(options.dest);
  const fileCount = entry.files.length;

  // Check what is already present first, so a dataset that cannot be downloaded fails
  // before anything is written rather than after a partial fetch.
  const existing = await Promise.all(entry.files.map((file) => presentDigest(targetPath(dest, file))));
  const blocked = entry.files.filter((file, i) => !mirror && !file.url && existing[i]?.sha256 !== file.sha256);
  if (blocked.length > 0) {
    throw new UsageError(
      `dataset "${entry.name}" has no public download for ${blocked.map((f) => f.path).join(', ')}: ${entry.unavailableReason ?? 'no URL is pinned'}`,
      '--mirror',
    );
  }

  const files: FetchedFile[] = [];
  for (const [fileIndex, file] of entry.files.entries()) {
    options.signal?.throwIfAborted();
    const target = targetPath(dest, file);
    const before = existing[fileIndex];
    const report = (receivedBytes: number, totalBytes: number | undefined, done: boolean) =>
      options.onProgress?.({ path: file.path, fileIndex, fileCount, receivedBytes, totalBytes, done });

    if (before?.sha256 === file.sha256) {
      files.push({ path: file.path, file: target, status: 'present', sha256: before.sha256, bytes: before.bytes });
      report(before.bytes, before.bytes, true);
      continue;
    }
    const url = mirror ? new URL(file.path, mirror).href : file.url!;
    // A mirror holds the final files, so only upstream sources are decompressed.
    const gunzip = !mirror && file.gunzip === true;
    const digest = await downloadVerified({ url, gunzip, target, file, signal: options.signal, onBytes: (r, t) => report(r, t, false) });
    files.push({ path: file.path, file: target, status: before ? 'replaced' : 'downloaded', url, sha256: digest.sha256, bytes: digest.bytes });
    report(digest.bytes, digest.bytes, true);
  }

  const result: FetchResult = {
    dataset: entry.name,
    dest,
    files,
    downloaded: files.filter((f) => f.status !== 'present').length,
    present: files.filter((f) => f.status === 'present').length,
  };
  if (mirror) result.mirror = mirror.href;
  return result;
}

/**
 * Turns a --mirror value into a directory URL ending in "/" (so relative paths resolve under
 * it). Accepts http(s):// and file:// URLs, and bare paths, which are taken as local directories.
 */
export function resolveMirrorUrl(value: string | URL, flag = '--mirror'): URL {
  let url: URL;
  if (value instanceof URL) {
    url = new URL(value.href);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`"${value}" is not a valid URL`, flag);
    }
  } else if (value.trim() === '') {
    throw new UsageError('must not be empty', flag);
  } else {
    url = pathToFileURL(resolve(value));
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) {
    throw new UsageError(`unsupported scheme "${url.protocol}" (use http://, https://, file:// or a directory path)`, flag);
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function targetPath(dest: string, file: DatasetFile): string {
  return join(dest, ...file.path.split('/'));
}

/** The digest of a file already at the target, or undefined when nothing is there. */
async function presentDigest(target: string): Promise<{ sha256: string; bytes: number } | undefined> {
  try {
    const info = await stat(target);
    if (!info.isFile()) throw new InputError({ file: target }, 'exists but is not a regular file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return sha256File(target);
}

interface DownloadRequest {
  url: string;
  gunzip: boolean;
  target: string;
  file: DatasetFile;
  signal: AbortSignal | undefined;
  onBytes: (receivedBytes: number, totalBytes: number | undefined) => void;
}

async function downloadVerified(request: DownloadRequest): Promise<{ sha256: string; bytes: number }> {
  const { url, target, file, signal } = request;
  const createdDir = await mkdir(dirname(target), { recursive: true });
  // Same directory as the target, so the final rename is atomic (never crosses a filesystem).
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  try {
    const source = await openSource(url, signal);
    const hash = createHash('sha256');
    let bytes = 0;
    let received = 0;
    const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream> = [
      source.stream,
      tap((chunk) => {
        received += chunk.length;
        request.onBytes(received, source.totalBytes);
      }),
    ];
    if (request.gunzip) stages.push(createGunzip());
    stages.push(
      tap((chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      }),
      createWriteStream(temp, { flags: 'wx' }),
    );
    try {
      await pipeline(stages, signal ? { signal } : {});
    } catch (error) {
      throw transferError(error, url, temp, signal);
    }
    const actual = hash.digest('hex');
    if (actual !== file.sha256) throw new ChecksumError(`${file.path} (from ${url})`, file.sha256, actual);
    await rename(temp, target);
    return { sha256: actual, bytes };
  } catch (error) {
    // Nothing unverified stays: the partial temp file goes, and so do directories made for it.
    await rm(temp, { force: true });
    if (createdDir !== undefined) await removeEmptyDirs(dirname(target), createdDir);
    throw error;
  }
}

/** Undoes the mkdir of a failed download, innermost first, stopping at the first directory something else uses. */
async function removeEmptyDirs(innermost: string, outermost: string): Promise<void> {
  for (let dir = innermost; dir.startsWith(outermost); dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    if (dir === outermost) return;
  }
}

interface OpenedSource {
  stream: NodeJS.ReadableStream;
  totalBytes: number | undefined;
}

async function openSource(url: string, signal: AbortSignal | undefined): Promise<OpenedSource> {
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    try {
      const handle = await open(path, 'r');
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        throw new DownloadError(url, 'not a regular file');
      }
      return { stream: handle.createReadStream(), totalBytes: info.size };
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new DownloadError(url, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (error as Error).message})`);
    }
  }

  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new DownloadError(url, `network failure (${describeCause(error)})`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, response.status);
  }
  // With a Content-Encoding, fetch decodes the body and Content-Length no longer counts what we receive.
  const length = Number(response.headers.get('content-length'));
  const totalBytes = response.headers.get('content-encoding') || !Number.isFinite(length) || length <= 0 ? undefined : length;
  const stream = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  return { stream, totalBytes };
}

function tap(onChunk: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onChunk(chunk);
      callback(null, chunk);
    },
  });
}

/** Maps a failure mid-transfer to an error naming the URL; aborts and local write failures pass through. */
function transferError(error: unknown, url: string, temp: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  const errno = error as NodeJS.ErrnoException;
  if (errno.path === temp) return error;
  if (typeof errno.code === 'string' && errno.code.startsWith('Z_')) {
    return new DownloadError(url, `not valid gzip data (${errno.message})`);
  }
  return new DownloadError(url, `transfer failed (${describeCause(error)})`);
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause && typeof cause === 'object') {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (typeof message === 'string') return message;
  }
  return error instanceof Error ? error.message : String(error);
}
