import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, UsageError } from '../util/errors.ts';
import { datasetManifestSchema, type DatasetManifest } from './dataset-manifest.ts';
import { DownloadError } from './download-error.ts';
import { fetchDataset, resolveMirrorUrl, type FetchProgress } from './fetch-dataset.ts';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

// Small generated fixtures; the server serves them at "upstream" paths (one gzipped, as
// human-eval does) and, under /mirror/, in the layout of a fetched data directory.
const alpha = Array.from({ length: 50 }, (_, i) => JSON.stringify({ question: `q${i}`, answer: `#### ${i}` })).join('\n') + '\n';
const beta = Array.from({ length: 20 }, (_, i) => JSON.stringify({ problem: `p${i}`, level: i % 5 })).join('\n') + '\n';
const gamma = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ task_id: `T/${i}`, prompt: 'def f():\n    pass\n' })).join('\n') + '\n';

interface Route {
  status: number;
  body: Buffer;
}
let server: Server;
let origin: string;
let routes: Map<string, Route>;
let hits: string[];

function serveDefaults(): void {
  routes = new Map([
    ['/upstream/alpha.jsonl', { status: 200, body: Buffer.from(alpha) }],
    ['/upstream/beta.jsonl', { status: 200, body: Buffer.from(beta) }],
    ['/upstream/gamma.jsonl.gz', { status: 200, body: gzipSync(gamma) }],
    ['/mirror/tiny/alpha.jsonl', { status: 200, body: Buffer.from(alpha) }],
    ['/mirror/tiny/beta.jsonl', { status: 200, body: Buffer.from(beta) }],
    ['/mirror/zipped/gamma.jsonl', { status: 200, body: Buffer.from(gamma) }],
  ]);
}

function manifest(): DatasetManifest {
  return datasetManifestSchema.parse([
    {
      name: 'tiny',
      aliases: ['tiny-alias'],
      description: 'two plain files',
      license: 'MIT',
      source: 'loopback',
      files: [
        { path: 'tiny/alpha.jsonl', url: `${origin}/upstream/alpha.jsonl`, sha256: sha256(alpha), bytes: Buffer.byteLength(alpha) },
        { path: 'tiny/beta.jsonl', url: `${origin}/upstream/beta.jsonl`, sha256: sha256(beta), bytes: Buffer.byteLength(beta) },
      ],
    },
    {
      name: 'zipped',
      description: 'one gzipped upstream file',
      license: 'MIT',
      source: 'loopback',
      files: [{ path: 'zipped/gamma.jsonl', url: `${origin}/upstream/gamma.jsonl.gz`, gunzip: true, sha256: sha256(gamma) }],
    },
    {
      name: 'offline',
      description: 'pinned but without a URL',
      license: 'MIT',
      source: 'nowhere',
      unavailableReason: 'only on mirrors',
      files: [{ path: 'tiny/alpha.jsonl.copy.jsonl', sha256: sha256(alpha) }],
    },
  ]);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes.get(req.url ?? '');
    if (req.url === '/upstream/cut-short.jsonl') {
      // Announce more than is sent, then drop the connection mid-body.
      res.writeHead(200, { 'content-length': 10_000 });
      res.write(alpha.slice(0, 100), () => res.destroy());
      return;
    }
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(route.status, { 'content-length': route.body.length }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let dest: string;
beforeEach(async () => {
  serveDefaults();
  hits = [];
  dest = await mkdtemp(join(tmpdir(), 'lamas-fetch-'));
});
afterEach(async () => {
  await rm(dest, { recursive: true, force: true });
});

/** Every file under dir, relative, so a test can assert that no temp file was left behind. */
async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('fetchDataset', () => {
  it('downloads every file of a dataset with the pinned bytes', async () => {
    const result = await fetchDataset({ name: 'tiny', dest, manifest: manifest() });
    expect(await readFile(join(dest, 'tiny/alpha.jsonl'), 'utf8')).toBe(alpha);
    expect(await readFile(join(dest, 'tiny/beta.jsonl'), 'utf8')).toBe(beta);
    expect(result).toMatchObject({ dataset: 'tiny', dest, downloaded: 2, present: 0 });
    expect(result.files.map((f) => [f.path, f.status, f.url])).toEqual([
      ['tiny/alpha.jsonl', 'downloaded', `${origin}/upstream/alpha.jsonl`],
      ['tiny/beta.jsonl', 'downloaded', `${origin}/upstream/beta.jsonl`],
    ]);
    expect(result.files[0]!.sha256).toBe(sha256(alpha));
    expect(await listAll(dest)).toEqual(['tiny/alpha.jsonl', 'tiny/beta.jsonl']);
  });

  it('gunzips a gzipped upstream file and checks the hash of the decompressed bytes', async () => {
    const result = await fetchDataset({ name: 'zipped', dest, manifest: manifest() });
    expect(await readFile(join(dest, 'zipped/gamma.jsonl'), 'utf8')).toBe(gamma);
    expect(result.files[0]).toMatchObject({ status: 'downloaded', bytes: Buffer.byteLength(gamma), sha256: sha256(gamma) });
  });

  it('resolves aliases case-insensitively', async () => {
    const result = await fetchDataset({ name: 'Tiny-Alias', dest, manifest: manifest() });
    expect(result.dataset).toBe('tiny');
  });

  it('skips files already present with the pinned hash', async () => {
    await fetchDataset({ name: 'tiny', dest, manifest: manifest() });
    hits = [];
    const again = await fetchDataset({ name: 'tiny', dest, manifest: manifest() });
    expect(hits).toEqual([]);
    expect(again.files.map((f) => f.status)).toEqual(['present', 'present']);
    expect(again).toMatchObject({ downloaded: 0, present: 2 });
  });

  it('replaces a present file whose bytes differ', async () => {
    await mkdir(join(dest, 'tiny'), { recursive: true });
    await writeFile(join(dest, 'tiny/alpha.jsonl'), 'edited\n');
    const result = await fetchDataset({ name: 'tiny', dest, manifest: manifest() });
    expect(result.files[0]!.status).toBe('replaced');
    expect(await readFile(join(dest, 'tiny/alpha.jsonl'), 'utf8')).toBe(alpha);
  });

  it('rejects a corrupted response with ChecksumError, leaving neither the file nor a temp file', async () => {
    routes.set('/upstream/beta.jsonl', { status: 200, body: Buffer.from(beta.replace('p7', 'p8')) });
    const error = await fetchDataset({ name: 'tiny', dest, manifest: manifest() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect((error as ChecksumError).expected).toBe(sha256(beta));
    expect((error as ChecksumError).message).toContain('tiny/beta.jsonl');
    expect((error as ChecksumError).message).toContain(`${origin}/upstream/beta.jsonl`);
    // alpha verified and stays; beta never appears and no .part file is left.
    expect(await listAll(dest)).toEqual(['tiny/alpha.jsonl']);
  });

  it('rejects a corrupted gzip stream without leaving anything behind', async () => {
    const zipped = gzipSync(gamma);
    routes.set('/upstream/gamma.jsonl.gz', { status: 200, body: zipped.subarray(0, zipped.length - 20) });
    const error = await fetchDataset({ name: 'zipped', dest, manifest: manifest() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toContain(`${origin}/upstream/gamma.jsonl.gz`);
    expect(await listAll(dest)).toEqual([]);
  });

  it('names the URL on an HTTP error status', async () => {
    routes.delete('/upstream/alpha.jsonl');
    const error = await fetchDataset({ name: 'tiny', dest, manifest: manifest() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).status).toBe(404);
    expect((error as Error).message).toBe(`${origin}/upstream/alpha.jsonl: HTTP 404 Not Found`);
    // Not even the directory made for the file is left.
    expect(await readdir(dest)).toEqual([]);
  });

  it('names the URL on a network failure', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/alpha.jsonl`;
    const entries = manifest().map((e) => (e.name === 'tiny' ? { ...e, files: [{ ...e.files[0]!, url }] } : e));
    const error = await fetchDataset({ name: 'tiny', dest, manifest: entries }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(new RegExp(`^${url}: network failure \\(ECONNREFUSED\\)`));
  });

  it('names the URL when the connection drops mid-body, leaving nothing behind', async () => {
    const url = `${origin}/upstream/cut-short.jsonl`;
    const entries = manifest().map((e) => (e.name === 'tiny' ? { ...e, files: [{ ...e.files[0]!, url }] } : e));
    const error = await fetchDataset({ name: 'tiny', dest, manifest: entries }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(new RegExp(`^${url}: transfer failed`));
    expect(await listAll(dest)).toEqual([]);
  });

  it('fails with a usage error for an unknown dataset, listing the known names', async () => {
    const error = await fetchDataset({ name: 'nope', dest, manifest: manifest() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('unknown dataset "nope" (known: tiny, zipped, offline)');
  });

  it('reads the same relative paths from an http mirror, replacing origin and prefix', async () => {
    const result = await fetchDataset({ name: 'tiny', dest, baseUrl: `${origin}/mirror`, manifest: manifest() });
    expect(hits).toEqual(['/mirror/tiny/alpha.jsonl', '/mirror/tiny/beta.jsonl']);
    expect(result.mirror).toBe(`${origin}/mirror/`);
    expect(await readFile(join(dest, 'tiny/beta.jsonl'), 'utf8')).toBe(beta);
  });

  it('serves decompressed files from a mirror, never gunzipping them', async () => {
    await fetchDataset({ name: 'zipped', dest, baseUrl: `${origin}/mirror/`, manifest: manifest() });
    expect(hits).toEqual(['/mirror/zipped/gamma.jsonl']);
    expect(await readFile(join(dest, 'zipped/gamma.jsonl'), 'utf8')).toBe(gamma);
  });

  describe('file:// mirror', () => {
    let mirrorDir: string;
    beforeEach(async () => {
      mirrorDir = await mkdtemp(join(tmpdir(), 'lamas-mirror-'));
      await mkdir(join(mirrorDir, 'tiny'), { recursive: true });
      await writeFile(join(mirrorDir, 'tiny/alpha.jsonl'), alpha);
      await writeFile(join(mirrorDir, 'tiny/beta.jsonl'), beta);
      await writeFile(join(mirrorDir, 'tiny/alpha.jsonl.copy.jsonl'), alpha);
    });
    afterEach(async () => {
      await rm(mirrorDir, { recursive: true, force: true });
    });

    it('copies and verifies files from a file:// URL', async () => {
      const result = await fetchDataset({ name: 'tiny', dest, baseUrl: pathToFileURL(mirrorDir), manifest: manifest() });
      expect(result.files.map((f) => f.url)).toEqual([
        pathToFileURL(join(mirrorDir, 'tiny/alpha.jsonl')).href,
        pathToFileURL(join(mirrorDir, 'tiny/beta.jsonl')).href,
      ]);
      expect(await readFile(join(dest, 'tiny/alpha.jsonl'), 'utf8')).toBe(alpha);
      expect(hits).toEqual([]);
    });

    it('accepts a plain directory path as the mirror', async () => {
      await fetchDataset({ name: 'tiny', dest, baseUrl: mirrorDir, manifest: manifest() });
      expect(await readFile(join(dest, 'tiny/beta.jsonl'), 'utf8')).toBe(beta);
    });

    it('names the file:// URL of a file missing from the mirror', async () => {
      await rm(join(mirrorDir, 'tiny/beta.jsonl'));
      const error = await fetchDataset({ name: 'tiny', dest, baseUrl: mirrorDir, manifest: manifest() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as Error).message).toBe(`${pathToFileURL(join(mirrorDir, 'tiny/beta.jsonl')).href}: no such file`);
    });

    it('fetches a dataset without a public URL only through a mirror', async () => {
      const blocked = await fetchDataset({ name: 'offline', dest, manifest: manifest() }).catch((e: unknown) => e);
      expect(blocked).toBeInstanceOf(UsageError);
      expect((blocked as Error).message).toContain('only on mirrors');
      expect(await listAll(dest)).toEqual([]);

      const result = await fetchDataset({ name: 'offline', dest, baseUrl: mirrorDir, manifest: manifest() });
      expect(result.files[0]!.status).toBe('downloaded');
      // Once present, no mirror is needed to "fetch" it again.
      const again = await fetchDataset({ name: 'offline', dest, manifest: manifest() });
      expect(again.files[0]!.status).toBe('present');
    });
  });

  it('reports progress per file and finishes each file with done', async () => {
    const events: FetchProgress[] = [];
    await fetchDataset({ name: 'tiny', dest, manifest: manifest(), onProgress: (e) => events.push(e) });
    const done = events.filter((e) => e.done);
    expect(done.map((e) => [e.path, e.fileIndex, e.fileCount, e.receivedBytes])).toEqual([
      ['tiny/alpha.jsonl', 0, 2, Buffer.byteLength(alpha)],
      ['tiny/beta.jsonl', 1, 2, Buffer.byteLength(beta)],
    ]);
    expect(events.some((e) => !e.done && e.totalBytes === Buffer.byteLength(alpha))).toBe(true);
  });

  it('stops on abort without leaving a temp file', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by test'));
    const error = await fetchDataset({ name: 'tiny', dest, manifest: manifest(), signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('stopped by test');
    expect(await listAll(dest)).toEqual([]);
  });
});

describe('resolveMirrorUrl', () => {
  it('normalises URLs and paths to a directory URL', () => {
    expect(resolveMirrorUrl('http://host:8080/data').href).toBe('http://host:8080/data/');
    expect(resolveMirrorUrl('https://host/data/?x=1#y').href).toBe('https://host/data/');
    expect(resolveMirrorUrl('/srv/data').href).toBe('file:///srv/data/');
  });

  it('rejects other schemes, naming the flag', () => {
    expect(() => resolveMirrorUrl('ftp://host/data')).toThrow(/^--mirror: unsupported scheme "ftp:"/);
    expect(() => resolveMirrorUrl('ftp://host/data', 'LAMAS_DATA_MIRROR')).toThrow(/^LAMAS_DATA_MIRROR: /);
  });
});
