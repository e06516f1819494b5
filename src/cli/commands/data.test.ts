import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetManifest } from '../../data/dataset-manifest.ts';
import { UsageError } from '../../util/errors.ts';
import { main } from '../main.ts';
import { parseOptions } from '../parse-options.ts';
import type { Progress } from '../progress.ts';
import {
  dataFetch,
  dataFetchOptionsSchema,
  dataVerify,
  dataVerifyOptionsSchema,
  renderFetchResult,
  renderVerifyReport,
  type DataCommandContext,
} from './data.ts';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const alpha = '{"q":"a"}\n'.repeat(40);
const beta = '{"q":"b"}\n'.repeat(25);
const manifest: DatasetManifest = [
  {
    name: 'tiny',
    description: 'fixture',
    license: 'MIT',
    source: 'test',
    files: [
      { path: 'tiny/alpha.jsonl', url: 'https://example.invalid/alpha.jsonl', sha256: sha256(alpha), bytes: alpha.length },
      { path: 'tiny/beta.jsonl', url: 'https://example.invalid/beta.jsonl', sha256: sha256(beta), bytes: beta.length },
    ],
  },
];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedData = resolve(repoRoot, '../shared/data');
const haveSharedData = existsSync(sharedData);
if (!haveSharedData) console.warn(`skipping real-data command tests: ${sharedData} is absent`);

let work: string;
let mirror: string;
let ticks: number[];
let totals: number[];
const quietProgress: DataCommandContext['createProgress'] = (_label, total): Progress => {
  totals.push(total);
  return { tick: (delta = 1) => void ticks.push(delta), stop: () => undefined };
};

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lamas-data-cmd-'));
  mirror = join(work, 'mirror');
  await mkdir(join(mirror, 'tiny'), { recursive: true });
  await writeFile(join(mirror, 'tiny/alpha.jsonl'), alpha);
  await writeFile(join(mirror, 'tiny/beta.jsonl'), beta);
  ticks = [];
  totals = [];
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(work, { recursive: true, force: true });
});

describe('option schemas', () => {
  it('require the dataset name and --dest, naming what is missing', () => {
    expect(() => parseOptions(dataFetchOptionsSchema, { name: 'gsm8k' })).toThrow(/^--dest: is required/);
    expect(() => parseOptions(dataFetchOptionsSchema, { dest: 'x' })).toThrow(/missing dataset name/);
    expect(parseOptions(dataFetchOptionsSchema, { name: 'gsm8k', dest: 'x', '--': [] })).toEqual({ name: 'gsm8k', dest: 'x', json: false });
    expect(parseOptions(dataFetchOptionsSchema, { name: 'gsm8k', dest: 'x', mirror: 'file:///m', json: true })).toMatchObject({ mirror: 'file:///m', json: true });
  });

  it('require the directory to verify', () => {
    expect(() => parseOptions(dataVerifyOptionsSchema, {})).toThrow(UsageError);
    expect(parseOptions(dataVerifyOptionsSchema, { dir: 'd' })).toEqual({ dir: 'd', json: false });
  });
});

describe('dataFetch', () => {
  it('fetches from --mirror and ticks progress up to the dataset size', async () => {
    const dest = join(work, 'dest');
    const result = await dataFetch({ name: 'tiny', dest, mirror, json: false }, { manifest, env: {}, createProgress: quietProgress });
    expect(result.downloaded).toBe(2);
    expect(await readFile(join(dest, 'tiny/beta.jsonl'), 'utf8')).toBe(beta);
    expect(totals).toEqual([alpha.length + beta.length]);
    expect(ticks.reduce((a, b) => a + b, 0)).toBe(alpha.length + beta.length);
    expect(renderFetchResult(result)).toContain('2 files verified: 2 downloaded, 0 already present');
  });

  it('falls back to $LAMAS_DATA_MIRROR, and the flag wins over it', async () => {
    const dest = join(work, 'dest');
    const viaEnv = await dataFetch({ name: 'tiny', dest, json: false }, { manifest, env: { LAMAS_DATA_MIRROR: pathToFileURL(mirror).href }, createProgress: quietProgress });
    expect(viaEnv.mirror).toBe(`${pathToFileURL(mirror).href}/`);
    const viaFlag = await dataFetch(
      { name: 'tiny', dest: join(work, 'dest2'), mirror, json: false },
      { manifest, env: { LAMAS_DATA_MIRROR: 'ftp://ignored' }, createProgress: quietProgress },
    );
    expect(viaFlag.downloaded).toBe(2);
  });

  it('names the source of a bad mirror value', async () => {
    const dest = join(work, 'dest');
    await expect(dataFetch({ name: 'tiny', dest, mirror: 'ftp://x', json: false }, { manifest, env: {} })).rejects.toThrow(/^--mirror: unsupported scheme/);
    await expect(dataFetch({ name: 'tiny', dest, json: false }, { manifest, env: { LAMAS_DATA_MIRROR: 'gopher://x' } })).rejects.toThrow(
      /^LAMAS_DATA_MIRROR: unsupported scheme/,
    );
  });

  it.skipIf(!haveSharedData)('fetches the real humaneval file from a file:// copy, checked against the pinned hash', async () => {
    const dest = join(work, 'dest');
    const result = await dataFetch({ name: 'humaneval', dest, mirror: pathToFileURL(sharedData).href, json: true }, { env: {}, createProgress: quietProgress });
    expect(result.files.map((f) => [f.path, f.status])).toEqual([['humaneval/HumanEval.jsonl', 'downloaded']]);
    expect(result.files[0]!.sha256).toBe('1d49078ba3e2b196b9344535bef34a43021f038fad9561d6ee7c53450609a6a2');
  });
});

describe('dataVerify', () => {
  it('returns a report whose ok drives the exit code, and renders it', async () => {
    const dest = join(work, 'dest');
    await dataFetch({ name: 'tiny', dest, mirror, json: false }, { manifest, env: {}, createProgress: quietProgress });
    const good = await dataVerify({ dir: dest, json: false }, { manifest });
    expect(good.ok).toBe(true);
    expect(renderVerifyReport(good)).toMatch(/^OK: 2 ok, 0 mismatch, 0 missing, 0 unknown$/m);

    await writeFile(join(dest, 'tiny/alpha.jsonl'), 'tampered\n');
    await writeFile(join(dest, 'tiny/stray.jsonl'), '{}\n');
    const bad = await dataVerify({ dir: dest, json: false }, { manifest });
    expect(bad.ok).toBe(false);
    const text = renderVerifyReport(bad);
    expect(text).toContain(`mismatch  tiny/alpha.jsonl  expected ${sha256(alpha)} got ${sha256('tampered\n')}`);
    expect(text).toContain('unknown   tiny/stray.jsonl  (not in the manifest)');
    expect(text).toMatch(/^FAILED: 1 ok, 1 mismatch, 0 missing, 1 unknown$/m);
  });
});

describe('lamas data (through the CLI entry point)', () => {
  function capture(): { stdout: () => string; stderr: () => string } {
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
    return { stdout: () => out, stderr: () => err };
  }

  it('exits 2 naming --dest when it is missing', async () => {
    const io = capture();
    expect(await main(['data', 'fetch', 'gsm8k'])).toBe(2);
    expect(io.stderr()).toContain('--dest: is required');
  });

  it('exits 2 listing the known datasets for an unknown name', async () => {
    const io = capture();
    expect(await main(['data', 'fetch', 'mbpp', '--dest', join(work, 'd')])).toBe(2);
    expect(io.stderr()).toContain('unknown dataset "mbpp" (known: gsm8k,');
  });

  it('exits 1 when verify finds no pinned file', async () => {
    const io = capture();
    expect(await main(['data', 'verify', work, '--json'])).toBe(1);
    expect(JSON.parse(io.stdout())).toMatchObject({ ok: false, counts: { ok: 0 } });
  });

  it.skipIf(!haveSharedData)('verifies the shared copies with exit 0 and one JSON object', async () => {
    const io = capture();
    expect(await main(['data', 'verify', sharedData, '--json'])).toBe(0);
    const report = JSON.parse(io.stdout()) as { ok: boolean; counts: Record<string, number> };
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({ ok: 14, mismatch: 0, unknown: 0 });
  });
});
