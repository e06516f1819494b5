import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmCallRecord } from '../llm/call-record.ts';
import { UsageError } from '../util/errors.ts';
import { checkBindAddress, isLoopback } from './check-bind-address.ts';
import type { SolveResult } from './solve-query.ts';
import { postJson, readSse, removeTrainedCheckpoints, type SseEvent, startTestServer, type TestServer, trainTinyCheckpoint, until, virtualSim } from '../../test/fixtures/serve-test-server.ts';

const bin = fileURLToPath(new URL('../../bin/lamas.js', import.meta.url));
const question = 'A baker makes 12 loaves a day and sells 9 of them. How many loaves are left after a week?';
/** Real-time sim at this scale: one gpt-4o-mini-sized call takes roughly 0.5-2 s. */
const realTime = { ...virtualSim, simTime: 'real' as const, simScale: 0.3 };

let checkpoint: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  checkpoint = await trainTinyCheckpoint('gsm8k');
});

afterAll(async () => {
  for (const served of servers) {
    served.server.abortInFlight();
    await served.server.close();
  }
  removeTrainedCheckpoints();
});

async function start(options: Parameters<typeof startTestServer>[1]): Promise<TestServer> {
  const served = await startTestServer(checkpoint, options);
  servers.push(served);
  return served;
}

function llmRows(served: TestServer): LlmCallRecord[] {
  return served.trace.rows.filter((row): row is LlmCallRecord => (row as LlmCallRecord).kind === 'llm');
}

async function metric(served: TestServer, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${served.url}/metrics`)).text();
  return Number(pattern.exec(text)?.[1] ?? 0);
}

describe('bearer token', () => {
  it('requires the token on every route but /healthz when --token is given', async () => {
    const served = await start({ token: 's3cret' });
    const missing = await postJson(`${served.url}/v1/topology`, { query: question });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
    expect((await postJson(`${served.url}/v1/topology`, { query: question }, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await postJson(`${served.url}/v1/topology`, { query: question }, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    expect((await fetch(`${served.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);

    const wrong = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const right = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 's3cret', maxRetries: 0 });
    expect((await right.models.list()).data[0]!.id).toBe('lamas-gsm8k');
  });
});

describe('bind address', () => {
  it('refuses a non-loopback host without a token, naming --host and --token', async () => {
    const served = await start({});
    const attempt = served.server.listen({ host: '0.0.0.0', port: 0 });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(/--host.*0\.0\.0\.0.*--token/);
    expect(() => checkBindAddress('0.0.0.0', true)).not.toThrow();
    expect(() => checkBindAddress('::', false)).toThrow(UsageError);
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });

  it('the CLI exits 2 before loading anything', async () => {
    const { LAMAS_SERVE_TOKEN: _unset, ...env } = process.env;
    const child = spawn(process.execPath, [bin, 'serve', '--checkpoint', checkpoint, '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env });
    // Never leave a public server behind if the refusal regresses.
    const guard = setTimeout(() => child.kill('SIGKILL'), 100_000);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    clearTimeout(guard);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--host: refusing to bind 0\.0\.0\.0.*--token/);
  });
});

describe('concurrency cap', () => {
  it('answers 429 with Retry-After once the cap is reached, and topology stays available', async () => {
    const served = await start({ backend: realTime, maxConcurrent: 1 });
    const first = new AbortController();
    const running = postJson(`${served.url}/v1/solve`, { query: question }, { signal: first.signal }).catch(() => undefined);
    await until(async () => ((await (await fetch(`${served.url}/healthz`)).json()) as { queriesInFlight: number }).queriesInFlight === 1);

    const refused = await postJson(`${served.url}/v1/solve`, { query: question });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'x', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'lamas-gsm8k', messages: [{ role: 'user', content: question }] })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect((await postJson(`${served.url}/v1/topology`, { query: question })).status).toBe(200);

    first.abort();
    await running;
    await until(() => served.server.metrics.queriesInFlight.value === 0);
  });
});

describe('client disconnect', () => {
  it('cancels the in-flight LLM calls of a streamed solve', async () => {
    const served = await start({ backend: realTime });
    const controller = new AbortController();
    const response = await postJson(`${served.url}/v1/solve`, { query: question, stream: true }, { signal: controller.signal });
    // Once an operator has started, its first call is on its way (it takes ~0.5-2 s in this mode).
    await readSse(response, (event) => event.event === 'operator-start');
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort();

    // Cancelled, not merely left to finish: a row is marked cancelled only when its call was
    // aborted. How soon after the abort is a wall-clock figure a loaded machine moves: not asserted.
    await until(() => llmRows(served).some((row) => row.cancelled));
    expect(llmRows(served).filter((row) => row.cancelled).length).toBeGreaterThan(0);
    await until(() => served.server.metrics.queriesInFlight.value === 0);
    expect(await metric(served, /^lamas_llm_calls_total\{outcome="cancelled"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(await metric(served, /^lamas_queries_total\{outcome="cancelled"\} (\d+)$/m)).toBe(1);
    expect(await metric(served, /^lamas_http_requests_total\{route="\/v1\/solve",method="POST",status="499"\} (\d+)$/m)).toBe(1);
  });

  it('cancels the in-flight LLM calls of a plain (non-streamed) solve', async () => {
    const served = await start({ backend: realTime });
    const controller = new AbortController();
    const request = postJson(`${served.url}/v1/solve`, { query: question }, { signal: controller.signal });
    await until(() => served.server.metrics.queriesInFlight.value === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await expect(request).rejects.toThrow();

    // A row is marked cancelled only when its call was aborted (see above).
    await until(() => llmRows(served).some((row) => row.cancelled));
    await until(() => served.server.metrics.queriesInFlight.value === 0);
    expect(await metric(served, /^lamas_queries_total\{outcome="cancelled"\} (\d+)$/m)).toBe(1);
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new ones, then closes', async () => {
    const served = await startTestServer(checkpoint, { backend: { ...realTime, simScale: 0.1 } });
    const inFlight = postJson(`${served.url}/v1/solve`, { query: question });
    await until(() => served.server.metrics.queriesInFlight.value === 1);
    const closed = served.server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A new request is turned away: a refused connection, or a 503 on a pooled keep-alive one.
    const late = await postJson(`${served.url}/v1/topology`, { query: question }).then((response) => response.status, () => 'refused');
    expect([503, 'refused']).toContain(late);

    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as SolveResult;
    expect(body.llmCalls).toBeGreaterThan(0);
    expect(body.cancelledCalls).toBe(0);
    await closed;
  });

  it('SIGTERM drains the CLI server and exits 0', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--checkpoint', checkpoint, '--port', '0', '--sim-time', 'real', '--sim-scale', '0.1', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /lamas serve: (http:\/\/\S+)\/v1 /.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const events: string[] = [];
    const response = await postJson(`${url}/v1/solve`, { query: question, stream: true });
    const finished = readSse(response, (event) => {
      events.push(event.event ?? '');
      if (events.length === 1) child.kill('SIGTERM');
    });
    await finished;
    expect(events.at(-1)).toBe('done');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM, finishing 1 in-flight queries/);
    expect(JSON.parse(stdout)).toMatchObject({ model: 'lamas-gsm8k', queries: 1, simulated: true });
  });
});

describe('query length', () => {
  it('answers 400 string_above_max_length for a query over --max-query-chars, on every query route', async () => {
    const served = await start({ maxQueryChars: 100 });
    const atLimit = 'x'.repeat(100);
    const over = 'x'.repeat(101);
    expect((await postJson(`${served.url}/v1/topology`, { query: atLimit })).status).toBe(200);
    // A streamed solve is refused before its stream opens.
    for (const [route, body] of [['/v1/topology', { query: over }], ['/v1/solve', { query: over }], ['/v1/solve', { query: over, stream: true }]] as const) {
      const response = await postJson(`${served.url}${route}`, body);
      expect(response.status, route).toBe(400);
      const { error } = (await response.json()) as { error: { message: string; type: string; param: string; code: string } };
      expect(error).toEqual({ message: "query: 101 characters, more than this server's limit of 100 (--max-query-chars)", type: 'invalid_request_error', param: 'query', code: 'string_above_max_length' });
    }
    // Chat: the limit is on the query (the last user message), not on the rest of the conversation.
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const system = { role: 'system' as const, content: `Long instructions are not the query. ${'y'.repeat(500)}` };
    const refused = client.chat.completions.create({ model: 'lamas-gsm8k', messages: [system, { role: 'user', content: over }] });
    await expect(refused).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(refused).rejects.toMatchObject({ status: 400, param: 'messages.1.content', code: 'string_above_max_length' });
    expect(llmRows(served)).toHaveLength(0);
    const answered = await client.chat.completions.create({ model: 'lamas-gsm8k', messages: [system, { role: 'user', content: atLimit }] });
    expect(answered.usage!.prompt_tokens).toBeGreaterThan(0);
  });

  let child: ChildProcess | undefined;
  // Also when the test times out: a server left running would hold the CPU.
  afterAll(() => void child?.kill('SIGKILL'));

  it('/healthz answers while a 256 KB query of one repeated character is being solved (no frozen event loop)', async () => {
    // The CLI server in its own process, so a frozen event loop there cannot also freeze this
    // test's clock. Before token counting was linear, counting this query's prompt took 30-60 s.
    const query = 'a'.repeat(256 * 1024);
    const args = ['serve', '--checkpoint', checkpoint, '--port', '0', '--sim-time', 'real', '--sim-scale', '0.3', '--body-limit', String(1024 * 1024), '--max-query-chars', String(query.length)];
    const server = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = server;
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        server.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /lamas serve: (http:\/\/\S+)\/v1 /.exec(stderr);
          if (match) resolve(match[1]!);
        });
        server.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const response = await postJson(`${url}/v1/solve`, { query, stream: true });
      expect(response.status).toBe(200);
      const events: SseEvent[] = [];
      const reading = readSse(response, (event) => void events.push(event));
      reading.catch(() => {}); // awaited below; a failure before that must not go unhandled
      // Definitely in flight: an operator has started, so its first LLM call, with the whole
      // query in its prompt, is under way (a call takes ~0.5-2 s at this scale). A server frozen
      // by counting that prompt does not get the event out until it is done.
      await until(() => events.some((event) => event.event === 'operator-start'));
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const health = (await (await fetch(`${url}/healthz`)).json()) as { queriesInFlight: number };
        latencies.push(performance.now() - started);
        expect(health.queriesInFlight).toBe(1);
      }
      // Every probe was answered with the query still in flight (above). The bound only has to
      // catch a freeze of the old kind (30-60 s of counting); a loaded machine moves single probes
      // by hundreds of ms (261 ms seen at load 9), so it is seconds, not the 100 ms of a quiet one.
      expect(Math.max(...latencies), `healthz latencies ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`).toBeLessThan(5_000);

      await reading;
      const done = events.at(-1)!;
      expect(done.event).toBe('done');
      // The whole query went through the token counter: 256 K 'a' is 32 K tokens.
      expect((JSON.parse(done.data) as SolveResult).promptTokens).toBeGreaterThan(query.length / 8);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
