import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendOptionsSchema } from '../../src/backend/backend-options.ts';
import { getTask } from '../../src/tasks/registry.ts';
import { UsageError } from '../../src/util/errors.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { resolveDataset } from '../resolve-dataset.ts';
import { sweepPoints } from '../sweep/sweep-point.ts';
import { packFiles, unpackFiles } from './point-files.ts';
import { redisOptions } from './queue-options.ts';
import { checkpointDigest, type EvalShardJob, evalShardJobId, evalShardJobSchema, splitShards } from './eval-shard-job.ts';
import { jobBackend, jobDataset } from './job-inputs.ts';
import { lamasVersion } from './job-id.ts';
import { sweepJob, sweepJobId, sweepJobSchema } from './sweep-job.ts';

/** Issue 19: the parts of a queued sweep that need no Redis. */

describe('redisOptions', () => {
  it('reads host, port, database and credentials, and waits through Redis restarts', () => {
    expect(redisOptions('redis://user:p%40ss@10.0.0.5:6380/2', '--queue')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, username: 'user', password: 'p@ss', maxRetriesPerRequest: null });
    expect(redisOptions('redis://localhost', '--queue')).toMatchObject({ host: 'localhost', port: 6379, db: 0 });
  });

  it('refuses what is not a redis URL, naming the flag', () => {
    for (const bad of ['localhost:6379', 'http://localhost:6379', 'redis://localhost/x']) {
      expect(() => redisOptions(bad, '--queue'), bad).toThrow(UsageError);
      expect(() => redisOptions(bad, '--queue'), bad).toThrow(/^--queue: /);
    }
  });
});

/** A two-problem sweep's context on the default sim. */
async function sweepContext() {
  const task = getTask('gsm8k');
  const train = await resolveDataset(task, { split: 'train', limit: 2 });
  const test = await resolveDataset(task, { split: 'test', limit: 2 });
  return { task, train, test, config: trainConfigSchema.parse({}), backend: backendOptionsSchema.parse({}), greedy: false, queriesInFlight: 4 };
}

describe('sweep jobs', () => {
  it('one job per point; its id depends on the point and its inputs, not on the enqueuer\'s cache or extra flags', async () => {
    const context = await sweepContext();
    const { test } = context;
    const points = sweepPoints([0, 0.02], ['cot'], [0, 1]);
    expect(points.map((point) => point.dir)).toEqual(['lambda-0/seed-0', 'lambda-0/seed-1', 'lambda-0.02/seed-0', 'lambda-0.02/seed-1', 'baseline-cot/seed-0', 'baseline-cot/seed-1']);
    const ids = points.map((point) => sweepJobId(sweepJob(context, point)));
    expect(new Set(ids).size).toBe(points.length);
    const withCache = { ...context, backend: { ...backendOptionsSchema.parse({ cache: '/somewhere/llm.sqlite' }), out: 'elsewhere' } };
    expect(points.map((point) => sweepJobId(sweepJob(withCache, point)))).toEqual(ids);
    const otherData = { ...context, test: { ...test, problems: test.problems.slice(0, 1) } };
    expect(sweepJobId(sweepJob(otherData, points[0]!))).not.toBe(ids[0]);
    // What a worker reads back from Redis is what was enqueued.
    const job = JSON.parse(JSON.stringify(sweepJob(context, points[0]!)));
    expect(sweepJobSchema.parse(job)).toEqual(job);
  });

  it('packs a point\'s files and unpacks them byte for byte; a path leaving the directory is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamas-point-files-'));
    try {
      await unpackFiles(join(dir, 'a'), { 'checkpoint/weights.bin': Buffer.from([0, 1, 2, 255]).toString('base64'), 'metrics.csv': Buffer.from('x,y\n').toString('base64') }, { atomic: true });
      const packed = await packFiles(join(dir, 'a'));
      expect(Object.keys(packed)).toEqual(['checkpoint/weights.bin', 'metrics.csv']);
      expect(Object.keys(await packFiles(join(dir, 'a'), ['checkpoint']))).toEqual(['checkpoint/weights.bin']);
      await unpackFiles(join(dir, 'b'), packed, { atomic: false });
      expect([...readFileSync(join(dir, 'b', 'checkpoint', 'weights.bin'))]).toEqual([0, 1, 2, 255]);
      for (const bad of ['../escape', '/etc/passwd', 'a//b', 'a/./b']) {
        await expect(unpackFiles(join(dir, 'c'), { [bad]: '' }, { atomic: true }), bad).rejects.toThrow(/not a plain relative path/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('eval shard jobs', () => {
  it('the split cut into K contiguous shards, sizes within one, in split order', () => {
    const rows = Array.from({ length: 7 }, (_, i) => i);
    expect(splitShards(rows, 3)).toEqual([[0, 1], [2, 3], [4, 5, 6]]);
    expect(splitShards(rows, 7)).toEqual(rows.map((row) => [row]));
    expect(splitShards(rows, 1)).toEqual([rows]);
    for (const k of [1, 2, 3, 4, 5, 6, 7]) expect(splitShards(rows, k).flat()).toEqual(rows);
  });

  it('an id per shard, checkpoint, pass and dataset; the checkpoint in it through its digest', async () => {
    const test = await resolveDataset(getTask('gsm8k'), { split: 'test', limit: 4 });
    const files = { 'controller.json': Buffer.from('{}').toString('base64'), 'weights.bin': Buffer.from([1, 2]).toString('base64') };
    const job = (index: number, pass: EvalShardJob['pass']): EvalShardJob => ({
      version: 1,
      task: 'gsm8k',
      shard: { index, count: 2 },
      dataset: jobDataset({ file: test.file, problems: splitShards(test.problems, 2)[index]! }),
      backend: jobBackend(backendOptionsSchema.parse({ cache: '/x/llm.sqlite' })),
      queriesInFlight: 4,
      pass,
    });
    const controller = (shardFiles: Record<string, string>): EvalShardJob['pass'] => ({ kind: 'controller', checkpoint: { digest: checkpointDigest(shardFiles), files: shardFiles }, greedy: false });
    const ids = [evalShardJobId(job(0, controller(files))), evalShardJobId(job(1, controller(files))), evalShardJobId(job(0, { kind: 'fixed', topology: 'CoT' })), evalShardJobId(job(0, controller({ ...files, 'weights.bin': Buffer.from([1, 3]).toString('base64') })))];
    expect(new Set(ids).size).toBe(ids.length);
    expect(evalShardJobId(job(0, controller(files)))).toBe(ids[0]);
    // The enqueuer's cache stays home: not in the job.
    expect(job(0, controller(files)).backend).not.toHaveProperty('cache');
    const read = JSON.parse(JSON.stringify(job(1, controller(files))));
    expect(evalShardJobSchema.parse(read)).toEqual(read);
  });
});

describe('job ids and the lamas version', () => {
  it('another lamas version gives every job another id, so an upgraded lamas never takes an old result', async () => {
    const context = await sweepContext();
    const { test } = context;
    const sweep = sweepJob(context, sweepPoints([0.02], [], [0])[0]!);
    expect(lamasVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(sweepJobId(sweep)).toBe(sweepJobId(sweep, lamasVersion));
    expect(sweepJobId(sweep, '99.0.0')).not.toBe(sweepJobId(sweep));
    const shard: EvalShardJob = { version: 1, task: 'gsm8k', shard: { index: 0, count: 1 }, dataset: jobDataset(test), backend: jobBackend(context.backend), queriesInFlight: 4, pass: { kind: 'fixed', topology: 'CoT' } };
    expect(evalShardJobId(shard)).toBe(evalShardJobId(shard, lamasVersion));
    expect(evalShardJobId(shard, '99.0.0')).not.toBe(evalShardJobId(shard));
  });
});
