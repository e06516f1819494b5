/**
 * Queued sweep (issue 19): a 4-point GSM8K λt sweep run by 1, 2 and 4 local `lamas worker`
 * processes against the same sweep in one process; wall time and speed-up, in the virtual-time
 * sim (CPU-bound: bounded by the cores) and the real-time sim (waiting dominates: near-linear).
 * Each queued run gets a fresh redis-server (a temp dir, a free loopback port) and workers already
 * waiting, so the figure is the sweep, not process start-up. Every queued run's sweep.csv is
 * checked equal to the one-process run's (in real time but for cpWallMsMean, measured wall time).
 * Run: nice -n 10 npx tsx bench/queue-sweep.ts [--train 4] [--test 3] [--epochs 1] [--workers 1,2,4] [--sim-time virtual,real] [--sim-scale 0.05]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import { runSweep, type SweepOptions } from '../eval/sweep/run-sweep.ts';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { getTask } from '../src/tasks/registry.ts';
import { TestRedis } from '../test/fixtures/redis-server.ts';
import { WorkerProcess } from '../test/fixtures/worker-process.ts';
import { trainConfigSchema } from '../train/train-config.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '4' },
    test: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '1' },
    workers: { type: 'string', default: '1,2,4' },
    'sim-time': { type: 'string', default: 'virtual,real' },
    'sim-scale': { type: 'string', default: '0.05' },
  },
});
const task = getTask('gsm8k');
const train = await resolveDataset(task, { split: 'train', limit: Number(values.train) });
const test = await resolveDataset(task, { split: 'test', limit: Number(values.test) });
const root = mkdtempSync(join(tmpdir(), 'lamas-bench-queue-'));

function options(out: string, simTime: 'virtual' | 'real', queue?: SweepOptions['queue']): SweepOptions {
  return {
    task,
    train,
    test,
    lambdaTs: [0, 0.001, 0.005, 0.02],
    baselines: [],
    config: trainConfigSchema.parse({ epochs: Number(values.epochs), batchSize: 2 }),
    backend: backendOptionsSchema.parse({ simTime, simScale: Number(values['sim-scale']) }),
    greedy: false,
    queriesInFlight: 4,
    out,
    ...(queue ? { queue } : {}),
  };
}

/** sweep.csv with its out directory masked; in real time without cpWallMsMean, which is then measured wall time. */
function csvOf(out: string, simTime: 'virtual' | 'real'): string {
  const lines = readFileSync(join(out, 'sweep.csv'), 'utf8').replaceAll(out, '<out>').trimEnd().split('\n');
  const wall = lines[0]!.split(',').indexOf('cpWallMsMean');
  return simTime === 'virtual' ? lines.join('\n') : lines.map((line) => line.split(',').filter((_, i) => i !== wall).join(',')).join('\n');
}

console.log(machineLine());
console.log(`4 λt points, ${train.problems.length} training queries x ${values.epochs} epochs + ${test.problems.length} test queries each; sim-scale ${values['sim-scale']} for real time`);
try {
  for (const simTime of values['sim-time']!.split(',') as Array<'virtual' | 'real'>) {
    const localOut = join(root, `local-${simTime}`);
    const started = performance.now();
    await runSweep(options(localOut, simTime));
    const localSeconds = (performance.now() - started) / 1000;
    console.log(`${simTime.padEnd(7)} one process          ${localSeconds.toFixed(1).padStart(7)} s   1.00x`);
    for (const count of values.workers!.split(',').map(Number)) {
      const redis = await TestRedis.start();
      const workers = Array.from({ length: count }, () => new WorkerProcess(['--queue', redis.url]));
      try {
        for (const worker of workers) await worker.waitFor(/waiting for jobs/);
        const out = join(root, `queued-${simTime}-${count}`);
        const begun = performance.now();
        await runSweep(options(out, simTime, { url: redis.url, attempts: 3 }));
        const seconds = (performance.now() - begun) / 1000;
        const same = csvOf(out, simTime) === csvOf(localOut, simTime) ? `sweep.csv identical${simTime === 'real' ? ' but for the measured cpWallMsMean' : ''}` : 'sweep.csv DIFFERS';
        console.log(`${simTime.padEnd(7)} ${String(count).padStart(2)} worker${count === 1 ? ' ' : 's'} (queued)  ${seconds.toFixed(1).padStart(7)} s   ${(localSeconds / seconds).toFixed(2)}x   ${same}`);
      } finally {
        for (const worker of workers) worker.kill('SIGTERM');
        await Promise.all(workers.map((worker) => Promise.race([worker.exited, sleep(30_000)])));
        await redis.dispose();
      }
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
