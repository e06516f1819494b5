import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadController } from '../controller/load-controller.ts';
import { ServedController } from './served-controller.ts';
import { postJson, removeTrainedCheckpoints, startServeCli, trainTinyCheckpoint, until } from '../../test/fixtures/serve-test-server.ts';

const bin = fileURLToPath(new URL('../../bin/lamas.js', import.meta.url));
const question = 'A baker makes 12 loaves a day and sells 9 of them. How many loaves are left after a week?';

let checkpoint: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  checkpoint = await trainTinyCheckpoint('gsm8k');
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  removeTrainedCheckpoints();
});

const startCli = (args: string[]) => startServeCli(checkpoint, args, children);

/** A request on a fresh connection (no keep-alive), so node:cluster hands each one to the next worker; a body makes it a JSON POST. */
function fresh(url: string, body?: unknown): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = payload === undefined ? { connection: 'close' } : { connection: 'close', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  return new Promise((resolve, reject) => {
    request(url, { method: payload === undefined ? 'GET' : 'POST', agent: false, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body: text }));
    })
      .on('error', reject)
      .end(payload);
  });
}

async function workersAnswering(url: string, attempts = 12): Promise<Set<number>> {
  const seen = new Set<number>();
  for (let i = 0; i < attempts; i++) seen.add((JSON.parse((await fresh(`${url}/healthz`)).body) as { worker: number }).worker);
  return seen;
}

/** The primary's lamas children (tsx's esbuild service is a child too when its cache is cold). */
function workerPids(primary: number): number[] {
  return execFileSync('pgrep', ['-P', String(primary), '-f', 'lamas.js'], { encoding: 'utf8' }).trim().split('\n').map(Number);
}

function workerPidsOrNone(primary: number): number[] {
  try {
    return workerPids(primary);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('sampled topology streams', () => {
  it('are interleaved between workers: none shared, and worker 0 of 1 is a lone server', async () => {
    const loaded = await loadController(checkpoint, undefined);
    const streams = async (controller: ServedController, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(JSON.stringify((await controller.choose(question, false)).choice));
      return out;
    };
    const alone = await streams(new ServedController(loaded, 3), 8);
    const first = await streams(new ServedController(loaded, 3, { index: 0, count: 2, generation: 0 }), 4);
    const second = await streams(new ServedController(loaded, 3, { index: 1, count: 2, generation: 0 }), 4);
    expect(new Set(alone).size).toBeGreaterThan(1);
    expect(alone).toEqual(first.flatMap((choice, i) => [choice, second[i]!]));
    // A replacement does not replay its predecessor's streams.
    const replacement = await streams(new ServedController(loaded, 3, { index: 0, count: 2, generation: 1 }), 4);
    expect(replacement).not.toEqual(first);
    loaded.model.dispose();
  });
});

describe('lamas serve --workers', () => {
  it('serves from every worker on one port, sums /metrics over them, and drains all on SIGTERM', async () => {
    const served = await startCli(['--workers', '2', '--json']);
    expect(served.stderr().match(/lamas serve: http/g)).toHaveLength(1);
    expect(served.stderr()).toMatch(/· 2 workers/);
    expect(await workersAnswering(served.url)).toEqual(new Set([0, 1]));

    for (let i = 0; i < 6; i++) expect((await postJson(`${served.url}/v1/topology`, { query: `${question} (${i})`, greedy: i % 2 === 0 })).status).toBe(200);
    // Whichever worker answers /metrics, it counts every worker's requests.
    for (let i = 0; i < 2; i++) {
      const metrics = (await fresh(`${served.url}/metrics`)).body;
      expect(metrics).toMatch(/^lamas_http_requests_total\{route="\/v1\/topology",method="POST",status="200"\} 6$/m);
      expect(metrics).toMatch(/^lamas_http_requests_total\{route="\/healthz",method="GET",status="200"\} 12$/m);
    }

    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(served.stderr()).toMatch(/SIGTERM, finishing in-flight queries in 2 workers/);
    expect(JSON.parse(served.stdout())).toMatchObject({ workers: 2, requests: 6 + 12 + 2, simulated: true });
  });

  it('share one trace file and one SQLite cache between workers without losing or mangling a row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamas-workers-'));
    const trace = join(dir, 'trace.jsonl');
    try {
      const served = await startCli(['--workers', '2', '--trace', trace, '--cache', join(dir, 'llm.sqlite'), '--json']);
      // Fresh connections, so both workers answer; each query twice, so the second can hit the cache.
      const bodies = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const response = await fresh(`${served.url}/v1/solve`, { query: `${question} (${i % 4})` });
          expect(response.status).toBe(200);
          return JSON.parse(response.body) as { llmCalls: number };
        }),
      );
      served.child.kill('SIGTERM');
      expect(await served.exited).toBe(0);
      const rows = readFileSync(trace, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind?: string });
      const llmRows = rows.filter((row) => row.kind === 'llm');
      expect(llmRows.length).toBe(bodies.reduce((sum, body) => sum + body.llmCalls, 0));
      expect(JSON.parse(served.stdout())).toMatchObject({ workers: 2, queries: 8, llmCalls: llmRows.length });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replaces a worker that dies', async () => {
    const served = await startCli(['--workers', '2']);
    const [victim] = workerPids(served.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await until(async () => served.stderr().includes('starting a replacement') && (await workersAnswering(served.url, 6)).size === 2);
    expect(served.stderr()).toMatch(/worker \d exited \(signal SIGKILL\); starting a replacement/);
    expect(workerPids(served.child.pid!)).not.toContain(victim);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  }, 600_000); // a replacement worker loads the whole CLI: over 150 s at load 33 on 2 cores

  it('stops cleanly on a SIGTERM that comes while the workers are still loading', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--checkpoint', checkpoint, '--port', '0', '--workers', '2', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // The primary forks within a few hundred ms; loading tsx, tfjs and the checkpoint takes longer.
    await until(() => workerPidsOrNone(child.pid!).length > 0);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/stopped before it was listening/);
    expect(JSON.parse(stdout)).toMatchObject({ workers: 2 });
    expect(workerPidsOrNone(child.pid!)).toEqual([]);
  }, 600_000);

  it('reports a worker that cannot start once, and exits with its code', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--checkpoint', `${checkpoint}-missing`, '--port', '0', '--workers', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr.match(/no controller\.json/g)).toHaveLength(1);
    expect(stderr).toMatch(/worker 0 stopped before it was listening \(exit code 2\)/);
  });

  it('refuses limits that cannot be split between the workers, before forking', () => {
    const result = (() => {
      try {
        execFileSync(process.execPath, [bin, 'serve', '--checkpoint', checkpoint, '--port', '0', '--workers', '4', '--max-concurrent', '2'], { encoding: 'utf8', stdio: 'pipe', timeout: 100_000 });
        return { status: 0, stderr: '' };
      } catch (error) {
        return error as { status: number; stderr: string };
      }
    })();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--max-concurrent: 2 cannot be shared by 4 workers/);
  });
});
