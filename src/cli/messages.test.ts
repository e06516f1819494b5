import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';
import { embeddedDataPath } from '../../data/index.ts';
import { DATASET_MANIFEST } from '../data/dataset-manifest.ts';
import { PriceTable } from '../llm/pricing.ts';
import { datasetNames } from './commands.ts';
import { main } from './main.ts';

/** Issue 17.11: help texts and messages that pointed nowhere. */

/** `lamas <args> --help` as printed (cac prints help through console.info). */
async function help(args: string[]): Promise<string> {
  const lines: string[] = [];
  const info = vi.spyOn(console, 'info').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  try {
    expect(await main([...args, '--help'])).toBe(0);
  } finally {
    info.mockRestore();
  }
  return lines.join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('help texts', () => {
  it('a --no-x flag does not say "(default: true)"', async () => {
    const train = await help(['train']);
    for (const flag of ['--no-eval', '--no-cache', '--no-cp-credit']) {
      const line = train.split('\n').find((text) => text.trimStart().startsWith(`${flag} `));
      expect(line, `${flag} is in train --help`).toBeDefined();
      expect(line).not.toContain('default: true');
    }
    expect(await help(['run'])).not.toMatch(/--no-cache.*default: true/);
  });

  it('`data --help` names every dataset `data fetch` knows', async () => {
    expect([...datasetNames].sort()).toEqual(DATASET_MANIFEST.map((entry) => entry.name).sort());
    const text = await help(['data']);
    expect(text).toContain('lamas data fetch NAME --dest DIR');
    expect(text).toContain('lamas data verify DIR');
    for (const entry of DATASET_MANIFEST) expect(text).toContain(entry.name);
  });
});

describe('messages', () => {
  it('`data fetch` without a name asks for the name (there is no --name flag) and lists the datasets', async () => {
    const run = await runCli(['data', 'fetch', '--dest', 'somewhere']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('--name');
    expect(run.stderr).toContain('missing the dataset name: lamas data fetch NAME --dest DIR');
    for (const entry of DATASET_MANIFEST) expect(run.stderr).toContain(entry.name);

    const verify = await runCli(['data', 'verify']);
    expect(verify.code).toBe(2);
    expect(verify.stderr).not.toContain('--dir');
    expect(verify.stderr).toContain('lamas data verify DIR');
  });

  it('an unknown model\'s price warning says where prices are set', () => {
    let warning = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      warning += String(chunk);
      return true;
    });
    expect(new PriceTable().costUsd('my-local-model', { promptTokens: 10, completionTokens: 10 })).toBe(0);
    expect(warning).toContain('no price known for model "my-local-model"');
    expect(warning).not.toContain('in config');
    // Either the flag (when the CLI has one) or the table in the source.
    expect(warning).toMatch(/--prices FILE|defaultPrices in src\/llm\/pricing\.ts/);
  });

  it('benchmarks/ (the README\'s own --dest) is git-ignored', () => {
    const repo = fileURLToPath(new URL('../../', import.meta.url));
    let ignored: string;
    try {
      ignored = execFileSync('git', ['check-ignore', 'benchmarks/gsm8k/test.jsonl'], { cwd: repo, encoding: 'utf8' });
    } catch (error) {
      // exit 1: not ignored; 128: no git (a source tarball) — then read .gitignore itself.
      if ((error as { status?: number }).status === 1) ignored = '';
      else ignored = /^\/?benchmarks\/?$/m.test(readFileSync(join(repo, '.gitignore'), 'utf8')) ? 'benchmarks' : '';
    }
    expect(ignored.trim()).not.toBe('');
  });
});

describe('train summary', () => {
  it('labels a --no-cp-credit run as such, beside its objective', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lamas-nocp-'));
    try {
      const testData = join(root, 'test.jsonl');
      writeFileSync(testData, readFileSync(embeddedDataPath('gsm8k', 'test'), 'utf8').split('\n').slice(0, 3).join('\n'));
      const args = ['train', '--task', 'gsm8k', '--limit', '4', '--epochs', '1', '--test-data', testData];
      const ablation = await runCli([...args, '--no-cp-credit', '--out', join(root, 'nocp')]);
      expect(ablation.code, ablation.stderr).toBe(0);
      expect(ablation.stdout).toContain('objective: λt=0.005, λc=3, no critical-path credit (--no-cp-credit');
      expect(ablation.stdout).toMatch(/^lamas λt=0\.005 no-cp-credit +3 /m);

      const normal = await runCli([...args, '--out', join(root, 'cp')]);
      expect(normal.code, normal.stderr).toBe(0);
      expect(normal.stdout).toContain('objective: λt=0.005, λc=3, critical-path credit\n');
      expect(normal.stdout).toMatch(/^lamas λt=0\.005 +3 /m);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
