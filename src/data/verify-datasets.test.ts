import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.ts';
import { DATASET_MANIFEST, type DatasetManifest } from './dataset-manifest.ts';
import { verifyDatasets } from './verify-datasets.ts';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

const manifest: DatasetManifest = [
  {
    name: 'one',
    description: 'two files',
    license: 'MIT',
    source: 'test',
    files: [
      { path: 'one/a.jsonl', sha256: sha256('{"a":1}\n') },
      { path: 'one/b.jsonl', sha256: sha256('{"b":2}\n') },
    ],
  },
  { name: 'two', description: 'one file', license: 'MIT', source: 'test', files: [{ path: 'two/c.jsonl', sha256: sha256('{"c":3}\n') }] },
  { name: 'three', description: 'never present', license: 'MIT', source: 'test', files: [{ path: 'three/d.jsonl', sha256: sha256('d') }] },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lamas-verify-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), text);
}

describe('verifyDatasets', () => {
  it('reports ok, mismatch, missing and unknown files', async () => {
    await put('one/a.jsonl', '{"a":1}\n');
    await put('one/b.jsonl', '{"b":2, "edited": true}\n');
    await put('extra/stray.jsonl', '{}\n');
    await put('one/notes.txt', 'not jsonl, ignored');
    await put('.hidden/skipped.jsonl', '{}\n');

    const report = await verifyDatasets(dir, { manifest });
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(byPath['one/a.jsonl']).toMatchObject({ status: 'ok', dataset: 'one', actual: sha256('{"a":1}\n'), bytes: 8 });
    expect(byPath['one/b.jsonl']).toMatchObject({ status: 'mismatch', expected: sha256('{"b":2}\n'), actual: sha256('{"b":2, "edited": true}\n') });
    expect(byPath['two/c.jsonl']).toMatchObject({ status: 'missing', dataset: 'two' });
    expect(byPath['two/c.jsonl']!.actual).toBeUndefined();
    expect(byPath['extra/stray.jsonl']).toMatchObject({ status: 'unknown', actual: sha256('{}\n') });
    expect(byPath['extra/stray.jsonl']!.dataset).toBeUndefined();
    expect(Object.keys(byPath)).not.toContain('.hidden/skipped.jsonl');
    expect(report.counts).toEqual({ ok: 1, mismatch: 1, missing: 2, unknown: 1 });
    expect(report.datasets).toEqual([
      { name: 'one', status: 'corrupt' },
      { name: 'two', status: 'absent' },
      { name: 'three', status: 'absent' },
    ]);
    expect(report.ok).toBe(false);
    expect(report.dir).toBe(resolve(dir));
  });

  it('is ok when present datasets are complete, even with others absent and unknown files around', async () => {
    await put('one/a.jsonl', '{"a":1}\n');
    await put('one/b.jsonl', '{"b":2}\n');
    await put('mine.jsonl', '{}\n');
    const report = await verifyDatasets(dir, { manifest });
    expect(report.ok).toBe(true);
    expect(report.datasets.map((d) => d.status)).toEqual(['complete', 'absent', 'absent']);
    expect(report.counts.unknown).toBe(1);
  });

  it('is not ok when a dataset is only partly present', async () => {
    await put('one/a.jsonl', '{"a":1}\n');
    await put('two/c.jsonl', '{"c":3}\n');
    const report = await verifyDatasets(dir, { manifest });
    expect(report.datasets[0]).toEqual({ name: 'one', status: 'partial' });
    expect(report.ok).toBe(false);
  });

  it('is not ok when no pinned file is present at all', async () => {
    const report = await verifyDatasets(dir, { manifest });
    expect(report.counts).toEqual({ ok: 0, mismatch: 0, missing: 4, unknown: 0 });
    expect(report.ok).toBe(false);
  });

  it('throws InputError for a directory that does not exist or is a file', async () => {
    await expect(verifyDatasets(join(dir, 'nope'), { manifest })).rejects.toThrow(InputError);
    await put('file.jsonl', '{}\n');
    await expect(verifyDatasets(join(dir, 'file.jsonl'), { manifest })).rejects.toThrow(/not a directory/);
  });
});

// The real benchmark copies live beside the repository (../shared/data from the repo root).
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sharedData = resolve(repoRoot, '../shared/data');
const haveSharedData = existsSync(sharedData);
if (!haveSharedData) console.warn(`skipping the real-data verify test: ${sharedData} is absent`);

describe('verifyDatasets on the shared benchmark copies', () => {
  it.skipIf(!haveSharedData)('finds every pinned file present there intact', async () => {
    const report = await verifyDatasets(sharedData);
    const present = report.files.filter((f) => f.status !== 'missing' && f.status !== 'unknown');
    expect(present.length).toBeGreaterThan(0);
    expect(present.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(report.counts.mismatch).toBe(0);
    expect(report.ok).toBe(true);
    // The copies hold exactly the 14 files the README documents, all pinned in the manifest.
    expect(report.counts.ok).toBe(14);
    expect(report.counts.unknown).toBe(0);
    for (const d of report.datasets) expect(['complete', 'absent']).toContain(d.status);
    expect(report.files.length).toBe(DATASET_MANIFEST.flatMap((e) => e.files).length);
  });
});
