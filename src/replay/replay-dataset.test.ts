import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_MANIFEST, datasetManifestSchema, findDataset } from '../data/dataset-manifest.ts';
import { fetchDataset } from '../data/fetch-dataset.ts';
import { verifyDatasets } from '../data/verify-datasets.ts';
import { ChecksumError } from '../util/errors.ts';
import { pinnedUrl, readReplayManifest, type ReplayManifestRow, replayDatasetEntry } from './replay-dataset.ts';
import { replayModels } from './replay-models.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/replay/dir');
const shared = join(import.meta.dirname, '../../../shared/replay');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** Manifest rows for the self-made fixture files, as the shipped manifest pins the real ones. */
async function fixtureRows(): Promise<ReplayManifestRow[]> {
  return (await filesUnder(fixtures)).map((file) => {
    const [owner, ...rest] = file.split('/');
    const [user, repo] = owner!.split('__');
    return { repo: `${user}/${repo}`, commit: 'a'.repeat(40), path: rest.join('/'), file, bytes: readFileSync(join(fixtures, file)).length, sha256: sha256(join(fixtures, file)), rows: null, license: 'MIT' };
  });
}

describe('lamas data fetch replay', { timeout: 60_000 }, () => {
  it('ships a manifest pinning every file the replay models read, at full commits', () => {
    const rows = readReplayManifest();
    const pinned = new Set(rows.map((row) => row.file));
    const read = replayModels.flatMap((model) => Object.values(model.roles).flatMap((roles) => Object.values(roles ?? {}).flatMap((styles) => styles.map((style) => style.file))));
    expect(read.filter((file) => !pinned.has(file))).toEqual([]);
    expect(pinned.has('veronica320__Faithful-COT/data/GSM8K/test.jsonl')).toBe(true);
    const entry = findDataset('replay');
    expect(() => datasetManifestSchema.parse(DATASET_MANIFEST)).not.toThrow();
    expect(entry.files).toHaveLength(rows.length);
    expect(pinnedUrl(rows.find((row) => row.path.includes('NL+SL'))!)).toMatch(/^https:\/\/raw\.githubusercontent\.com\/veronica320\/Faithful-COT\/[0-9a-f]{40}\/output_dir\/GSM8K\/test\/\w+_NL%2BSL\/predictions\.jsonl$/);
  });

  it('downloads from a file:// mirror, verifies every sha256, and leaves nothing of a bad file', async () => {
    const entry = replayDatasetEntry(await fixtureRows());
    const mirror = await mkdtemp(join(tmpdir(), 'lamas-replay-mirror-'));
    const dest = await mkdtemp(join(tmpdir(), 'lamas-replay-dest-'));
    scratch.push(mirror, dest);
    await cp(fixtures, join(mirror, 'replay'), { recursive: true });
    const result = await fetchDataset({ name: 'replay', dest, baseUrl: pathToFileURL(mirror).href, manifest: [entry] });
    expect(result.downloaded).toBe(entry.files.length);
    expect((await filesUnder(join(dest, 'replay'))).sort()).toEqual((await filesUnder(fixtures)).sort());
    expect((await verifyDatasets(dest, { manifest: [entry] })).ok).toBe(true);

    // A tampered mirror file fails its check and is not placed.
    const bad = entry.files[0]!.path;
    const again = await mkdtemp(join(tmpdir(), 'lamas-replay-dest-'));
    scratch.push(again);
    await writeFile(join(mirror, bad), 'tampered\n');
    await expect(fetchDataset({ name: 'replay', dest: again, baseUrl: pathToFileURL(mirror).href, manifest: [entry] })).rejects.toBeInstanceOf(ChecksumError);
    expect(existsSync(join(again, bad))).toBe(false);
  });

  it.runIf(existsSync(shared))('pins the bytes of ../shared/replay (present here)', async () => {
    const report = await verifyDatasets(join(shared, '..'), { manifest: [findDataset('replay')] });
    expect(report.counts).toMatchObject({ ok: readReplayManifest().length, mismatch: 0, missing: 0 });
  });
  if (!existsSync(shared)) console.log(`skipped the ../shared/replay checks: ${shared} is absent`);
});
