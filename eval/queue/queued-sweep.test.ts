import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendOptionsSchema } from '../../src/backend/backend-options.ts';
import { getTask } from '../../src/tasks/registry.ts';
import { closedPort } from '../../test/fixtures/closed-port.ts';
import { redisMissing, TestRedis } from '../../test/fixtures/redis-server.ts';
import { WorkerProcess } from '../../test/fixtures/worker-process.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { type Dataset, resolveDataset } from '../resolve-dataset.ts';
import { runSweep, type SweepOptions } from '../sweep/run-sweep.ts';
import { SweepJobsFailedError } from './sweep-jobs-failed-error.ts';

/**
 * Issue 19: a sweep's points as BullMQ jobs run by `lamas worker` processes. The queued sweep
 * must write the same bytes as the one-process sweep, whatever happens to a worker or to Redis.
 */

const missing = redisMissing();
if (missing) console.log(missing);
const task = getTask('gsm8k');
let root: string;
let train: Dataset;
let test: Dataset;
let local: string;

function options(out: string, extra: Partial<SweepOptions> = {}): SweepOptions {
  return {
    task,
    train,
    test,
    lambdaTs: [0, 0.02],
    baselines: ['cot'],
    // 3 passes of 4 one-query batches: 12 checkpoints per controller, time to kill a worker between them.
    config: trainConfigSchema.parse({ epochs: 3, batchSize: 1, checkpointEvery: 1 }),
    backend: backendOptionsSchema.parse({}),
    greedy: false,
    queriesInFlight: 4,
    out,
    ...extra,
  };
}

/** Every file under `dir`, relative to it, with its bytes. */
function filesOf(dir: string): Map<string, Buffer> {
  const paths = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
  return new Map(paths.map((path) => [path, readFileSync(join(dir, path))]));
}

/**
 * The queued sweep's files must be the local one's, byte for byte, but for two names: sweep.csv's
 * checkpoint column holds its own out directory, and controller.json names Adam's slots after a
 * tfjs variable prefix `controller<N>/` that counts the controllers the process built before (the
 * local sweep trains two in one process; test/behaviour-pin.test.ts normalises it the same way);
 * and the rows of results.jsonl and trace.jsonl are compared in sorted order (their file order
 * follows completion order, also between two local runs). Weights, optimizer state, metrics and
 * summaries are compared as they are.
 */
function expectSameFiles(queued: string): void {
  const want = filesOf(local);
  const got = filesOf(queued);
  expect([...got.keys()]).toEqual([...want.keys()]);
  const normalised = (path: string, bytes: Buffer, out: string) => {
    if (path === 'sweep.csv') return bytes.toString('utf8').replaceAll(out, '<out>');
    if (path.endsWith('controller.json')) return bytes.toString('utf8').replace(/"controller\d+\//g, '"controller<N>/');
    // Rows are appended as queries and operators finish, in event-loop (and, around sandboxed runs, real-time) order: compared sorted, each row byte for byte, as the behaviour pin does.
    if (path.endsWith('.jsonl')) return bytes.toString('utf8').split('\n').sort().join('\n');
    return bytes.toString('base64');
  };
  for (const [path, bytes] of want) {
    const [mine, theirs] = [normalised(path, got.get(path)!, queued), normalised(path, bytes, local)];
    const line = mine.split('\n').findIndex((text, i) => text !== theirs.split('\n')[i]);
    expect(mine === theirs, `${path} differs at line ${line + 1}: ${mine.split('\n')[line]?.slice(0, 200)} vs ${theirs.split('\n')[line]?.slice(0, 200)}`).toBe(true);
  }
  expect(want.has('lambda-0/checkpoint/weights.bin') && want.has('lambda-0.02/checkpoint/optimizer.bin')).toBe(true);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(100);
}

// A stalled job is one whose worker has not renewed its lock for this long. 5 s was too short at
// load 20 on 2 cores: a live worker training on a blocked event loop lost its job to another, which
// started it afresh beside it. 20 s keeps the test about the worker that was killed.
const workerArgs = (redis: TestRedis) => ['--queue', redis.url, '--stall-seconds', '20'];

/**
 * A queued sweep on a Redis of its own with `count` workers, `disrupt` running beside it (it kills a
 * worker, or restarts Redis): every point must then be in the output once, and every file the local
 * sweep's. Returns the workers (killed by then, their lines kept) and what `disrupt` returned.
 */
async function sweepDisrupted<T>(name: string, count: number, disrupt: (redis: TestRedis, workers: WorkerProcess[]) => Promise<T>): Promise<{ workers: WorkerProcess[]; disrupted: T }> {
  const redis = await TestRedis.start();
  const workers = Array.from({ length: count }, () => new WorkerProcess(workerArgs(redis)));
  try {
    const out = join(root, name);
    const stages: string[] = [];
    const sweep = runSweep(options(out, { queue: { url: redis.url, attempts: 3 }, onStage: (stage) => stages.push(stage) }));
    // Awaited below; a rejection while `disrupt` still waits is not unhandled meanwhile.
    sweep.catch(() => undefined);
    const disrupted = await disrupt(redis, workers);
    const result = await sweep;

    // Every point once in the output.
    expect(result.rows.map((row) => row.name)).toEqual(['lamas λt=0', 'lamas λt=0.02', 'cot']);
    expect(stages.filter((stage) => stage.startsWith('done ')).sort()).toEqual(['done baseline cot', 'done λt=0', 'done λt=0.02']);
    expectSameFiles(out);
    return { workers, disrupted };
  } finally {
    for (const worker of workers) worker.kill('SIGKILL');
    await redis.dispose();
  }
}

describe.skipIf(missing !== undefined)('sweep --queue with lamas workers', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lamas-queued-sweep-'));
    train = await resolveDataset(task, { split: 'train', limit: 4 });
    test = await resolveDataset(task, { split: 'test', limit: 3 });
    local = join(root, 'local');
    await runSweep(options(local));
  }, 600_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('with 3 workers, one SIGKILLed mid-training: the job resumes from its stored checkpoint elsewhere, and every file is the local sweep\'s', async () => {
    // The first worker to store step 2 of a controller's training is killed on the spot.
    const stored = /job (\S+) \(λt=[\d.]+ seed 0\): checkpoint at step ([2-9]|1\d) stored/;
    const { workers, disrupted } = await sweepDisrupted('killed', 3, async (_redis, workers) => {
      await until(() => workers.some((worker) => worker.lines.some((line) => stored.test(line))));
      const victim = workers.find((worker) => worker.lines.some((line) => stored.test(line)))!;
      victim.kill('SIGKILL');
      return { victim, jobId: victim.lines.find((line) => stored.test(line))!.match(stored)![1]! };
    });

    const { victim, jobId } = disrupted;
    expect(await victim.exited).toBe(null); // killed, not exited
    const resumedAt = workers.filter((worker) => worker !== victim).flatMap((worker) => worker.lines).filter((line) => line.includes(`job ${jobId}`) && line.includes('resuming from its checkpoint at step')).map((line) => Number(line.match(/at step (\d+)/)![1]));
    expect(resumedAt.length, 'another worker resumed the killed job').toBeGreaterThan(0);
    // From a stored checkpoint, not from scratch. Usually the victim's step ≥ 2; under load another
    // worker may already have taken the job over after a stall, from step 1, before the victim
    // stored step 2 (seen at load 28), and then finishes it from there: the files still match.
    expect(Math.min(...resumedAt)).toBeGreaterThanOrEqual(1);
  }, 900_000);

  it('Redis stopped and restarted mid-sweep: the sweep completes with nothing duplicated', async () => {
    await sweepDisrupted('redis-restart', 2, async (redis, workers) => {
      await until(() => workers.some((worker) => worker.lines.some((line) => /checkpoint at step [2-9] stored/.test(line))));
      await redis.stop();
      // Down long enough for the workers and the sweep to notice (their connections fail), then back on its port and data.
      await Promise.race([until(() => workers.every((worker) => worker.lines.some((line) => line.startsWith('worker: queue: ')))), sleep(5000)]);
      await redis.restart();
    });
  }, 900_000);

  it('a poison job fails after --attempts tries, its error in the sweep output; the other points are kept', async () => {
    const redis = await TestRedis.start();
    const worker = new WorkerProcess(workerArgs(redis), { OPENAI_API_KEY: 'test-key' });
    try {
      const out = join(root, 'poison');
      const url = `http://127.0.0.1:${await closedPort()}/v1`;
      const backend = backendOptionsSchema.parse({ llm: 'openai:gpt-4o-mini', baseUrl: url, cache: false });
      const error = await runSweep(options(out, { lambdaTs: [0.02], baselines: [], backend, queue: { url: redis.url, attempts: 2 } })).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(SweepJobsFailedError);
      expect((error as Error).message).toMatch(/1 of 1 sweep points failed/);
      expect((error as Error).message).toMatch(/λt=0\.02: failed after 2 attempts: cannot reach the LLM server/);
      const report = JSON.parse(readFileSync(join(out, 'failed-points.json'), 'utf8')) as Array<{ label: string; attempts: number; error: string }>;
      expect(report).toEqual([expect.objectContaining({ label: 'λt=0.02', attempts: 2, error: expect.stringContaining('cannot reach the LLM server') })]);
      expect(worker.lines.filter((line) => / failed \(attempt \d\)/.test(line))).toHaveLength(2);
      expect(existsSync(join(out, 'lambda-0.02', 'checkpoint'))).toBe(false);
    } finally {
      worker.kill('SIGKILL');
      await redis.dispose();
    }
  }, 900_000);
});
