import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendOptionsSchema } from '../../src/backend/backend-options.ts';
import { getTask } from '../../src/tasks/registry.ts';
import { lockFileName, RunDirLockedError } from '../../src/util/run-dir-lock.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { type Dataset, resolveDataset } from '../resolve-dataset.ts';
import { runSweep, type SweepOptions } from './run-sweep.ts';
import { seedSpreadColumns } from './sweep-points.ts';
import { sweepColumns } from './sweep-row.ts';

/** Issue 17: `sweep --seeds 0,1,2` runs every point and baseline once per seed; `--png` adds pareto.png. */

const task = getTask('gsm8k');
let root: string;
let train: Dataset;
let test: Dataset;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lamas-sweep-seeds-'));
  train = await resolveDataset(task, { split: 'train', limit: 4 });
  test = await resolveDataset(task, { split: 'test', limit: 3 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function options(out: string, extra: Partial<SweepOptions>): SweepOptions {
  return {
    task,
    train,
    test,
    lambdaTs: [0.005],
    baselines: ['cot'],
    config: trainConfigSchema.parse({ epochs: 1, checkpointEvery: 1 }),
    backend: backendOptionsSchema.parse({}),
    greedy: false,
    queriesInFlight: 4,
    out,
    ...extra,
  };
}

/** Every file under `dir`, relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('runSweep with several seeds', () => {
  it('runs each λt point and baseline once per seed in its own directory, writes per-seed rows with the spread, and a PNG', async () => {
    const out = join(root, 'seeds');
    const result = await runSweep(options(out, { seeds: [0, 1], png: true }));

    expect(result.rows.map((row) => [row.name, row.seed])).toEqual([
      ['lamas λt=0.005', 0],
      ['lamas λt=0.005', 1],
      ['cot', 0],
      ['cot', 1],
    ]);
    expect(result.points.map((point) => [point.name, point.seeds])).toEqual([
      ['lamas λt=0.005', [0, 1]],
      ['cot', [0, 1]],
    ]);
    for (const seed of [0, 1]) {
      const evalSummary = JSON.parse(readFileSync(join(out, 'lambda-0.005', `seed-${seed}`, 'eval', 'summary.json'), 'utf8')) as { seed: number; n: number };
      expect(evalSummary).toMatchObject({ seed, n: 3 });
      expect(existsSync(join(out, 'lambda-0.005', `seed-${seed}`, 'checkpoint', 'controller.json'))).toBe(true);
      const baselineSummary = JSON.parse(readFileSync(join(out, 'baseline-cot', `seed-${seed}`, 'summary.json'), 'utf8')) as { seed: number };
      expect(baselineSummary.seed).toBe(seed);
    }
    expect(existsSync(join(out, 'lambda-0.005', 'checkpoint'))).toBe(false);
    expect(result.rows[0]!.checkpoint).toBe(join(out, 'lambda-0.005', 'seed-0', 'checkpoint'));

    const [header, ...lines] = readFileSync(join(out, 'sweep.csv'), 'utf8').trimEnd().split('\n');
    expect(header).toBe([...sweepColumns, ...seedSpreadColumns].join(','));
    expect(lines).toHaveLength(4);
    expect(result.png).toBe(join(out, 'pareto.png'));
    expect([...readFileSync(join(out, 'pareto.png')).subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    expect(readFileSync(join(out, 'pareto.svg'), 'utf8')).toContain('mean over 2 seeds (0, 1)');
    // Every lock, of the sweep and of each point and seed directory, is gone.
    expect(files(out).filter((file) => file.endsWith(lockFileName))).toEqual([]);
  });

  it('keeps the one-seed layout (lambda-X/, baseline-NAME/) and CSV columns when one seed is given', async () => {
    const out = join(root, 'one-seed');
    const result = await runSweep(options(out, { seeds: [3] }));
    expect(result.rows.map((row) => row.seed)).toEqual([3, 3]);
    expect(existsSync(join(out, 'lambda-0.005', 'checkpoint', 'controller.json'))).toBe(true);
    expect(existsSync(join(out, 'baseline-cot', 'summary.json'))).toBe(true);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n')[0]).toBe(sweepColumns.join(','));
    expect(result.png).toBeUndefined();
    expect(existsSync(join(out, 'pareto.png'))).toBe(false);
  });

  it('locks every seed directory: a busy lambda-X/seed-S stops the sweep before it trains, and leaves no lock behind', async () => {
    const out = join(root, 'busy');
    const busyDir = join(out, 'lambda-0.005', 'seed-1');
    mkdirSync(busyDir, { recursive: true });
    // A live process that is not this one: the test runner that started this worker.
    writeFileSync(join(busyDir, lockFileName), JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2025-01-02T03:04:05.000Z', command: 'lamas train --out elsewhere', nonce: 'n' }));
    const error = await runSweep(options(out, { seeds: [0, 1] })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunDirLockedError);
    expect((error as Error).message).toContain(join(busyDir, lockFileName));
    expect(files(out)).toEqual([join('lambda-0.005', 'seed-1', lockFileName)]);
  });
});
