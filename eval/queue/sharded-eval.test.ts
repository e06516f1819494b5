import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendOptionsSchema } from '../../src/backend/backend-options.ts';
import { evalOptionsSchema, evaluate } from '../../src/cli/commands/eval.ts';
import { main } from '../../src/cli/main.ts';
import { getTask } from '../../src/tasks/registry.ts';
import { redisMissing, TestRedis } from '../../test/fixtures/redis-server.ts';
import { WorkerProcess } from '../../test/fixtures/worker-process.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { trainController } from '../../train/train-controller.ts';
import { resolveDataset } from '../resolve-dataset.ts';

/**
 * Issue 19: `lamas eval --queue URL --shards K`. The split's shards run as jobs on `lamas worker`
 * processes and are merged into the files the local `lamas eval` writes.
 */

const missing = redisMissing();
if (missing) console.log(missing);
const task = getTask('gsm8k');
const size = 7;
let root: string;
let checkpoint: string;

const evalOptions = (out: string, extra: Record<string, unknown> = {}) => evalOptionsSchema.parse({ checkpoint, split: 'test', limit: size, out, ...extra });
const readText = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
// The workers wait for jobs as soon as they print this: a job enqueued before would go to the first one up.
const ready = /waiting for jobs on /;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lamas-sharded-eval-'));
  const train = await resolveDataset(task, { split: 'train', limit: 4 });
  const trained = await trainController({ config: { ...trainConfigSchema.parse({ epochs: 1, batchSize: 2 }), lambdaT: 0.005 }, task, problems: train.problems, trainData: train.file, backend: backendOptionsSchema.parse({}), out: join(root, 'controller'), resume: false });
  checkpoint = trained.checkpointDir;
}, 600_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('eval --queue --shards: flags', () => {
  it('exits 2 naming the flag: --shards without --queue, K < 1, K above the test size, --max-cost with --queue', async () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
    try {
      const run = async (...flags: string[]) => {
        stderr = '';
        return { code: await main(['eval', '--checkpoint', checkpoint, '--split', 'test', '--limit', String(size), ...flags]), stderr };
      };
      // A closed port: none of these may get as far as Redis.
      const queue = ['--queue', 'redis://127.0.0.1:9'];
      expect(await run('--shards', '2')).toMatchObject({ code: 2, stderr: expect.stringContaining('--shards: only applies with --queue') });
      expect(await run(...queue, '--shards', '0')).toMatchObject({ code: 2, stderr: expect.stringContaining('--shards') });
      expect(await run(...queue, '--shards', String(size + 1))).toMatchObject({ code: 2, stderr: expect.stringContaining(`--shards: ${size + 1} shards for ${size} test problems`) });
      expect(await run(...queue, '--shards', '2', '--max-cost', '1')).toMatchObject({ code: 2, stderr: expect.stringContaining('--max-cost: cannot be held over shards') });
      expect(await run('--queue', 'localhost:6379')).toMatchObject({ code: 2, stderr: expect.stringContaining('--queue: ') });
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe.skipIf(missing !== undefined)('eval --queue --shards with lamas workers', () => {
  it('3 shards on 2 workers: results.jsonl and summary.json are the local eval\'s byte for byte, trace.jsonl its rows', async () => {
    const local = join(root, 'local');
    await evaluate(evalOptions(local));
    const redis = await TestRedis.start();
    const workers = [0, 1].map(() => new WorkerProcess(['--queue', redis.url, '--stall-seconds', '20']));
    try {
      await Promise.all(workers.map((worker) => worker.waitFor(ready)));
      const out = join(root, 'queued');
      const { summary } = await evaluate(evalOptions(out, { queue: redis.url, shards: 3 }));

      expect(readdirSync(out).sort()).toEqual(readdirSync(local).sort());
      expect(readText(out, 'results.jsonl')).toBe(readText(local, 'results.jsonl'));
      // adaptivity (the merged distribution, and the most common topology's second round of jobs), percentiles and totals alike.
      expect(readText(out, 'summary.json')).toBe(readText(local, 'summary.json'));
      expect(summary.adaptivity.mostCommonOnEvery).not.toBeNull();
      // trace.jsonl's rows are written as calls finish (event-loop order, which interleaves the
      // queries in flight): the same rows, each byte for byte, in another order. The sweep test
      // compares its .jsonl files the same way, and for the same reason.
      const rows = (dir: string) => readText(dir, 'trace.jsonl').split('\n').sort();
      expect(rows(out)).toEqual(rows(local));
      // Each shard of each round ran to completion on some worker.
      const done = workers.flatMap((worker) => worker.lines).filter((line) => /: done/.test(line));
      for (const shard of [1, 2, 3]) {
        expect(done.some((line) => line.includes(`(eval shard ${shard}/3)`)), `shard ${shard}`).toBe(true);
        expect(done.some((line) => line.includes(`(eval shard ${shard}/3 (most common topology))`)), `shard ${shard}, second round`).toBe(true);
      }
    } finally {
      for (const worker of workers) worker.kill('SIGKILL');
      await redis.dispose();
    }
  }, 900_000);

  it('two workers share the Redis cache: the second identical eval makes 0 backend calls', async () => {
    const redis = await TestRedis.start();
    // Each eval on a queue of its own (Redis databases 1 and 2), served by its own worker; the cache on database 0 is both workers'.
    const cache = `${redis.url}/0`;
    const [first, second] = [1, 2].map((db) => new WorkerProcess(['--queue', `${redis.url}/${db}`, '--cache', cache, '--stall-seconds', '20']));
    try {
      const run = async (db: number, name: string) => {
        const out = join(root, name);
        await evaluate(evalOptions(out, { queue: `${redis.url}/${db}`, shards: 2 }));
        return { out, summary: JSON.parse(readText(out, 'summary.json')) as { llmCalls: number; cacheHits: number; accuracy: number } };
      };
      await first!.waitFor(ready);
      const paid = await run(1, 'cache-first');
      expect(paid.summary.llmCalls).toBeGreaterThan(paid.summary.cacheHits);
      await second!.waitFor(ready);
      const free = await run(2, 'cache-second');

      expect(free.summary.llmCalls).toBe(paid.summary.llmCalls);
      expect(free.summary.cacheHits).toBe(free.summary.llmCalls);
      expect(free.summary.accuracy).toBe(paid.summary.accuracy);
      const llmRows = readText(free.out, 'trace.jsonl').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { kind: string; cacheHit?: boolean }).filter((row) => row.kind === 'llm');
      expect(llmRows.length).toBe(free.summary.llmCalls);
      expect(llmRows.every((row) => row.cacheHit === true)).toBe(true);
      // Both rounds of the second eval (the most common topology's too) ran on the second worker, every call from the cache.
      const counts = second!.lines.map((line) => line.match(/: done \((\d+) LLM calls, (\d+) answered by the cache\)/)).filter((match) => match !== null);
      expect(counts).toHaveLength(4);
      for (const [, calls, hits] of counts) expect(hits).toBe(calls);
      expect(first!.lines.filter((line) => / failed /.test(line))).toEqual([]);
    } finally {
      first!.kill('SIGKILL');
      second!.kill('SIGKILL');
      await redis.dispose();
    }
  }, 900_000);
});
