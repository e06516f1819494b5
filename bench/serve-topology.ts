/**
 * Load test of `POST /v1/topology` (controller choice, no LLM call): 100 connections for 10 s
 * with autocannon, against `lamas serve` in its own processes, once per `--workers` count (one
 * process, then one worker per core by default), in one run so the two can be compared. Every
 * request carries a different query from the self-made GSM8K set, so nothing can be answered
 * from a cache. Goal: >= 1,000 req/s, p99 < 50 ms, no errors.
 * Run: npx tsx bench/serve-topology.ts [--checkpoint DIR] [--workers 1,2] [--connections 100] [--duration 10]
 * Without --checkpoint it trains one first into runs/serve-bench (about a minute).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { embeddedDataPath } from '../data/index.ts';
import { chooseTopology } from '../src/controller/choose-topology.ts';
import { loadController } from '../src/controller/load-controller.ts';
import { topologyRequestSchema } from '../src/serve/request-schemas.ts';
import { ServedController } from '../src/serve/served-controller.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import { machineLine, percentile } from './machine.ts';

/** The slice of autocannon's programmatic API used here (it ships no types). */
interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total?: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests: Array<Partial<AutocannonRequest> & { setupRequest?: (request: AutocannonRequest) => AutocannonRequest }>;
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;
const bin = fileURLToPath(new URL('../bin/lamas.js', import.meta.url));

const { values } = parseArgs({
  options: {
    checkpoint: { type: 'string' },
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    workers: { type: 'string', default: `1,${availableParallelism()}` },
  },
});

const checkpoint = values.checkpoint ?? 'runs/serve-bench';
if (!existsSync(checkpoint)) {
  if (values.checkpoint) throw new Error(`no checkpoint at ${checkpoint}`);
  console.log(`training a checkpoint into ${checkpoint} (lamas train --task gsm8k --epochs 1 --no-eval)`);
  const trained = spawnSync(process.execPath, [bin, 'train', '--task', 'gsm8k', '--epochs', '1', '--no-eval', '--out', checkpoint], { stdio: 'inherit' });
  if (trained.status !== 0) throw new Error('training the bench checkpoint failed');
}

const questions = (await gsm8kTask.load(embeddedDataPath('gsm8k', 'train'))).map((problem) => problem.question);
let next = 0;
// A distinct text per request (question + counter), so the encoder and controller do real work every time.
const request = {
  method: 'POST',
  path: '/v1/topology',
  headers: { 'content-type': 'application/json' },
  setupRequest: (req: AutocannonRequest): AutocannonRequest => {
    const i = next++;
    return { ...req, body: JSON.stringify({ query: `${questions[i % questions.length]} (${i})` }) };
  },
};

/** lamas processes among a pid's children: the workers (tsx's esbuild service is a child too). */
function workerPids(pid: number): number[] {
  return spawnSync('pgrep', ['-P', String(pid), '-f', 'lamas.js'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
}

/** User + system CPU seconds of the server and its workers so far (Linux /proc; 100 Hz ticks). */
function cpuSeconds(pids: readonly number[]): number {
  return pids.reduce((sum, one) => {
    const fields = readFileSync(`/proc/${one}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}

async function startServer(workers: number): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const server = spawn(process.execPath, [bin, 'serve', '--checkpoint', checkpoint, '--port', '0', '--workers', String(workers)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    server.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /lamas serve: (http:\/\/\S+)\/v1 /.exec(seen);
      if (match) resolve(match[1]!);
    });
    server.once('exit', (code) => reject(new Error(`lamas serve exited with ${code}:\n${seen}`)));
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
  };
  return { url, pid: server.pid!, stop };
}

const connections = Number(values.connections);
console.log(`machine: ${machineLine()} (the machine is shared; load average at the start ${loadavg().map((value) => value.toFixed(1)).join(' ')})`);
console.log(`checkpoint ${checkpoint}; ${connections} connections for ${values.duration} s against /v1/topology; autocannon in this process, the server in its own`);
for (const workers of values.workers.split(',').map(Number)) {
  const { url, pid, stop } = await startServer(workers);
  try {
    // Warm-up: JIT, connection setup; not measured.
    await autocannon({ url, connections, duration: Number(values.warmup), requests: [request] });
    const pids = [pid, ...workerPids(pid)];
    const cpuBefore = cpuSeconds(pids);
    const ownBefore = process.cpuUsage();
    const result = await autocannon({ url, connections, duration: Number(values.duration), requests: [request] });
    const cpuUsed = cpuSeconds(pids) - cpuBefore;
    const own = process.cpuUsage(ownBefore);
    const total = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + Number(count), 0);
    // CPU time is what the server itself spends per request, whatever else shares the machine.
    const perRequestMs = (cpuUsed * 1000) / Math.max(1, total);
    const ok = result.requests.average >= 1000 && result.latency.p99 < 50 && result.errors === 0 && result.non2xx === 0;
    console.log(
      `--workers ${workers}: ${result.requests.average.toFixed(0)} req/s (${total} responses in ${result.duration} s); latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
        `errors ${result.errors} (timeouts ${result.timeouts}), non-2xx ${result.non2xx}; server CPU ${perRequestMs.toFixed(3)} ms/request, autocannon ${((own.user + own.system) / 1e6 / result.duration).toFixed(2)} cores; goal ${ok ? 'met' : 'NOT met'}`,
    );
  } finally {
    await stop();
  }
}
console.log(`load average at the end ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);

// Where a request's time goes, in process (after the server is gone, so nothing competes with it).
const loaded = await loadController(checkpoint, undefined);
const served = new ServedController(loaded, 0);
const stages = { validate: [] as number[], encode: [] as number[], choose: [] as number[], format: [] as number[] };
for (let i = 0; i < 5050; i++) {
  const body = JSON.stringify({ query: `${questions[i % questions.length]} [${i}]` });
  const t0 = performance.now();
  const parsed = topologyRequestSchema.parse(JSON.parse(body));
  const t1 = performance.now();
  const [features] = await loaded.encoder.encode([parsed.query]);
  const t2 = performance.now();
  const choice = chooseTopology(loaded.model, features!, null);
  const t3 = performance.now();
  JSON.stringify(served.describe(choice, true));
  const t4 = performance.now();
  if (i < 50) continue; // warm-up
  stages.validate.push(t1 - t0);
  stages.encode.push(t2 - t1);
  stages.choose.push(t3 - t2);
  stages.format.push(t4 - t3);
}
const median = (values: number[]) => `${(percentile(values, 0.5) * 1000).toFixed(0)} us`;
console.log(
  `per request, in process (p50 of 5,000): parse+validate ${median(stages.validate)}, encode (${loaded.checkpoint.spec.encoder.spec}) ${median(stages.encode)}, ` +
    `chooseTopology ${median(stages.choose)}, describe+JSON ${median(stages.format)}`,
);
served.dispose();
