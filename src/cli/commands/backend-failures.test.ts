import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { faults, type FaultServer, startFaultServer } from '../../../test/fixtures/fault-server.ts';
import { closedPort } from '../../../test/fixtures/closed-port.ts';

/**
 * Issue 17.1: an unreachable or misconfigured backend, or one that starts failing mid-run, must
 * not look like a finished run. A preflight request names the problem before anything is paid
 * or written; a run whose calls mostly fail stops with a one-line cause and exit 1.
 */

const dir = mkdtempSync(join(tmpdir(), 'lamas-backend-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The lines lamas printed as errors (`lamas: ...`), progress lines aside. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('lamas:') && !line.startsWith('lamas: no price known'));
}

/** A server that lists `fault-model` (so the preflight passes on /models) and answers the first `good` chats, then 400s. */
async function failingAfter(good: number): Promise<FaultServer & { chats: () => number }> {
  let chats = 0;
  const server = await startFaultServer((request) => {
    if (!request.path.endsWith('/chat/completions')) return faults.ok();
    return chats++ < good ? faults.ok('The answer is 42.') : faults.badRequest('the server rejects every request now');
  });
  return Object.assign(server, { chats: () => chats });
}

const openai = (server: FaultServer) => ['--llm', 'openai:fault-model', '--base-url', server.baseUrl, '--no-cache'];

describe('preflight: nothing is run when the backend cannot work', { timeout: 240_000 }, () => {
  it('run against a closed port exits 1 with one line naming the URL and ECONNREFUSED, and writes no trace', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const out = join(dir, 'closed-port');
    const result = await runCli(['run', '--task', 'gsm8k', '--llm', 'openai:Qwen/Qwen2.5-7B-Instruct', '--base-url', url, '--limit', '2', '--no-cache', '--out', out, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(new RegExp(`^lamas: cannot reach the LLM server at ${url.replace(/\./g, '\\.')}: .*ECONNREFUSED`))]);
    expect(existsSync(join(out, 'trace.jsonl'))).toBe(false);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it('train against a closed port exits 1 and writes no checkpoint', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const out = join(dir, 'train-closed-port');
    const result = await runCli(['train', '--task', 'gsm8k', '--llm', 'openai:gpt-4o-mini', '--base-url', url, '--limit', '4', '--epochs', '1', '--no-cache', '--out', out]);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([expect.stringContaining(`lamas: cannot reach the LLM server at ${url}`)]);
    expect(existsSync(join(out, 'checkpoint'))).toBe(false);
    expect(existsSync(join(out, 'metrics.csv'))).toBe(false);
  });

  it('no OPENAI_API_KEY with the default OpenAI URL is a usage error naming the variable (exit 2)', async () => {
    vi.stubEnv('OPENAI_API_KEY', undefined);
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    const result = await runCli(['run', '--task', 'gsm8k', '--llm', 'openai:gpt-4o-mini', '--limit', '2', '--no-cache']);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^lamas: OPENAI_API_KEY: is not set; https:\/\/api\.openai\.com\/v1 needs an API key/)]);
  });

  it('an unknown model is a usage error naming --llm and the served models (exit 2), after one probe chat', async () => {
    const server = await startFaultServer((request) => (request.path.endsWith('/chat/completions') ? faults.unknownModel('no-such-model') : faults.ok()));
    try {
      const result = await runCli(['run', '--task', 'gsm8k', '--llm', 'openai:no-such-model', '--base-url', server.baseUrl, '--limit', '2', '--no-cache']);
      expect(result.code).toBe(2);
      expect(errorLines(result.stderr)).toEqual([`lamas: --llm: model "no-such-model" is not served at ${server.baseUrl}; it serves fault-model`]);
      expect(server.requests.map((request) => request.path)).toEqual(['/v1/models', '/v1/chat/completions']);
    } finally {
      await server.close();
    }
  });
});

describe('failure policy: a run whose LLM calls mostly fail stops with a one-line cause', { timeout: 240_000 }, () => {
  it('run stops once more than half of 10+ calls failed: exit 1, the cause on one line, share and cause in summary.json', async () => {
    const server = await failingAfter(5);
    const out = join(dir, 'run-stops');
    try {
      const result = await runCli(['run', '--task', 'gsm8k', '--topology', 'cot', '--limit', '40', '--queries-in-flight', '1', ...openai(server), '--out', out, '--json']);
      expect(result.code).toBe(1);
      const [line, ...rest] = errorLines(result.stderr);
      expect(rest).toEqual([]);
      expect(line).toMatch(/^lamas: stopped: 6 of 11 LLM calls failed \(54\.5%, more than --max-failure-share 0\.5\); last error: 400 the server rejects every request now/);
      expect(line).toContain(`summary.json and results.jsonl in ${out} hold the 11 queries run before the stop`);
      // The calls stopped there: the 29 queries left were never started.
      expect(server.chats()).toBe(11);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
      expect(summary).toMatchObject({ n: 11, failedCalls: 6, failedCallShare: 0.545454545, simulated: false });
      expect(line!.startsWith(`lamas: ${String(summary.stopped)} — `)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a short run whose calls all failed still exits 1 (judged at the end, under 10 calls)', async () => {
    const server = await failingAfter(0);
    try {
      const result = await runCli(['run', '--task', 'gsm8k', '--topology', 'cot', '--limit', '3', ...openai(server)]);
      expect(result.code).toBe(1);
      expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^lamas: stopped: 3 of 3 LLM calls failed \(100\.0%/)]);
    } finally {
      await server.close();
    }
  });

  it('a teams run counts its teams\' failed calls too: exit 1, not a quiet 0%', async () => {
    const server = await failingAfter(0);
    try {
      const result = await runCli(['run', '--task', 'gsm8k', '--strategy', 'teams', '--limit', '3', ...openai(server), '--json']);
      expect(result.code, result.stderr).toBe(1);
      expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^lamas: stopped: \d+ of \d+ LLM calls failed \(100\.0%/)]);
    } finally {
      await server.close();
    }
  });

  it('below the share the run finishes (exit 0) and its summary counts the failed calls; --max-failure-share 1 never stops', async () => {
    const server = await failingAfter(8);
    try {
      const partly = await runCli(['run', '--task', 'gsm8k', '--topology', 'cot', '--limit', '10', '--queries-in-flight', '1', ...openai(server), '--json']);
      expect(partly.code, partly.stderr).toBe(0);
      expect(JSON.parse(partly.stdout)).toMatchObject({ n: 10, failedCalls: 2, failedCallShare: 0.2 });
      expect(JSON.parse(partly.stdout)).not.toHaveProperty('stopped');
      const tolerant = await runCli(['run', '--task', 'gsm8k', '--topology', 'cot', '--limit', '12', '--max-failure-share', '1', ...openai(server), '--json']);
      expect(tolerant.code, tolerant.stderr).toBe(0);
      expect(JSON.parse(tolerant.stdout)).toMatchObject({ n: 12, failedCalls: 12, failedCallShare: 1 });
    } finally {
      await server.close();
    }
  });

  it('rejects a --max-failure-share outside [0, 1] (exit 2)', async () => {
    const result = await runCli(['run', '--task', 'gsm8k', '--limit', '1', '--max-failure-share', '1.5']);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual(['lamas: --max-failure-share: must be a share between 0 and 1']);
  });

  it('train stops before learning from failed calls: exit 1, no checkpoint written', async () => {
    const server = await failingAfter(0);
    const out = join(dir, 'train-stops');
    try {
      const result = await runCli(['train', '--task', 'gsm8k', '--limit', '8', '--epochs', '2', ...openai(server), '--out', out]);
      expect(result.code).toBe(1);
      expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^lamas: stopped: \d+ of \d+ LLM calls failed \(100\.0%.*training stopped before step \d+; no checkpoint was written$/)]);
      expect(existsSync(join(out, 'checkpoint', 'controller.json'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('eval, sweep and demo stop the same way (exit 1, one line)', async () => {
    const checkpoint = join(dir, 'sim-checkpoint');
    const trained = await runCli(['train', '--task', 'gsm8k', '--limit', '4', '--epochs', '1', '--no-eval', '--out', checkpoint]);
    expect(trained.code, trained.stderr).toBe(0);
    const server = await failingAfter(0);
    try {
      const evaluated = await runCli(['eval', '--checkpoint', checkpoint, '--limit', '6', ...openai(server), '--out', join(dir, 'eval-stops')]);
      expect(evaluated.code).toBe(1);
      expect(errorLines(evaluated.stderr)).toEqual([expect.stringMatching(/^lamas: stopped: \d+ of \d+ LLM calls failed \(100\.0%/)]);
      const sweep = await runCli(['sweep', '--task', 'gsm8k', '--lambda-t', '0', '--baselines', 'cot', '--limit', '4', '--epochs', '1', ...openai(server), '--out', join(dir, 'sweep-stops')]);
      expect(sweep.code).toBe(1);
      expect(errorLines(sweep.stderr)).toEqual([expect.stringMatching(/^lamas: stopped: \d+ of \d+ LLM calls failed \(100\.0%.*training stopped before step/)]);
      const demo = await runCli(['demo', '--epochs', '1', ...openai(server), '--out', join(dir, 'demo-stops')]);
      expect(demo.code).toBe(1);
      expect(errorLines(demo.stderr)).toEqual([expect.stringMatching(/^lamas: stopped: \d+ of \d+ LLM calls failed \(100\.0%.*training stopped before step/)]);
      expect(readdirSync(join(dir, 'demo-stops')).filter((name) => name.endsWith('.csv') || name.endsWith('.svg'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('leaves a sim run as it was: no failure keys in its summary', async () => {
    const result = await runCli(['run', '--task', 'gsm8k', '--limit', '3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(summary).filter((key) => /fail|stopped/i.test(key))).toEqual(['failures']);
  });
});
