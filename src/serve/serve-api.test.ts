import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmCallRecord } from '../llm/call-record.ts';
import type { SolveResult } from './solve-query.ts';
import type { TopologyDescription } from '../controller/describe-choice.ts';
import { postJson, readSse, removeTrainedCheckpoints, startTestServer, type TestServer, trainTinyCheckpoint, virtualSim } from '../../test/fixtures/serve-test-server.ts';

const question = 'Tom has 3 apples and buys 5 more bags with 4 apples each. How many apples does he have now?';

let checkpoint: string;
let served: TestServer;
let client: OpenAI;

beforeAll(async () => {
  checkpoint = await trainTinyCheckpoint('gsm8k');
  served = await startTestServer(checkpoint, { bodyLimit: 4096 });
  client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
});

afterAll(async () => {
  await served?.server.close();
  removeTrainedCheckpoints();
});

function llmRows(run?: string): LlmCallRecord[] {
  return served.trace.rows.filter((row): row is LlmCallRecord => (row as LlmCallRecord).kind === 'llm' && (run === undefined || (row as LlmCallRecord).run === run));
}

describe('POST /v1/topology', () => {
  it('returns layers with per-layer probabilities and Mermaid, without calling an LLM', async () => {
    const calls = llmRows().length;
    const response = await postJson(`${served.url}/v1/topology`, { query: question });
    expect(response.status).toBe(200);
    const body = (await response.json()) as TopologyDescription;
    expect(body.task).toBe('gsm8k');
    expect(body.greedy).toBe(true);
    expect(body.layers.length).toBeGreaterThan(0);
    for (const layer of body.layers) {
      expect(layer.operators.length).toBeGreaterThan(0);
      const total = Object.values(layer.probabilities).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 4);
      expect(Object.keys(layer.probabilities)).toEqual(served.server.controller.operators);
    }
    expect(body.topology).toBe(body.layers.map((layer) => layer.operators.join(', ')).join(' > '));
    expect(body.mermaid).toMatch(/^flowchart LR\n/);
    // Present either way: null, or the layer-0 generator the controller did not choose itself.
    expect(body).toHaveProperty('forcedGenerator');
    if (body.forcedGenerator !== null) expect(body.layers[0]!.operators).toContain(body.forcedGenerator);
    expect(llmRows().length).toBe(calls);
  });

  it('is deterministic when greedy and accepts sampling', async () => {
    const a = (await (await postJson(`${served.url}/v1/topology`, { query: question })).json()) as TopologyDescription;
    const b = (await (await postJson(`${served.url}/v1/topology`, { query: question, greedy: true })).json()) as TopologyDescription;
    expect(b).toEqual(a);
    const sampled = (await (await postJson(`${served.url}/v1/topology`, { query: question, greedy: false, task: 'gsm8k' })).json()) as TopologyDescription;
    expect(sampled.greedy).toBe(false);
  });

  it('answers 400 naming the field and the reason, in the OpenAI error shape', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'query'],
      [{ query: '   ' }, 'query'],
      [{ query: 42 }, 'query'],
      [{ query: question, greedy: 'yes' }, 'greedy'],
      [{ query: question, greddy: true }, 'greddy'],
      [{ query: question, task: 'chess' }, 'task'],
      [{ query: question, task: 'math' }, 'task'],
    ];
    for (const [body, param] of cases) {
      const response = await postJson(`${served.url}/v1/topology`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = (await response.json()) as { error: { message: string; type: string; param: string } };
      expect(error.type).toBe('invalid_request_error');
      expect(error.param).toBe(param);
      expect(error.message.startsWith(`${param}: `)).toBe(true);
    }
    const bad = await postJson(`${served.url}/v1/topology`, '{"query": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/invalid JSON/);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await postJson(`${served.url}/v1/topology`, { query: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    const { error } = (await response.json()) as { error: { message: string; code: string } };
    expect(error.code).toBe('body_too_large');
    expect(error.message).toMatch(/4096 bytes/);
  });
});

describe('POST /v1/solve', () => {
  it('answers with the topology, per-operator usage, cost and critical paths', async () => {
    const response = await postJson(`${served.url}/v1/solve`, { query: question });
    expect(response.status).toBe(200);
    const body = (await response.json()) as SolveResult;
    expect(body.topology.topology.length).toBeGreaterThan(0);
    expect(body.operators.map((operator) => operator.node.replace(/^L\d+\.\d+:/, ''))).toEqual(body.topology.layers.flatMap((layer) => layer.operators));
    const rows = llmRows(body.id);
    expect(body.llmCalls).toBe(rows.length);
    expect(body.llmCalls).toBeGreaterThan(0);
    expect(body.promptTokens).toBe(rows.reduce((sum, row) => sum + row.promptTokens, 0));
    expect(body.costUsd).toBeCloseTo(rows.reduce((sum, row) => sum + row.costUsd, 0), 12);
    expect(body.operators.reduce((sum, operator) => sum + operator.llmCalls, 0)).toBe(body.llmCalls);
    expect(body.cpTokens).toBeGreaterThan(0);
    expect(body.cpWallMs).toBeGreaterThan(0);
    expect(body.simulated).toBe(true);
    expect(body).not.toHaveProperty('correct');
  });

  it('streams operator start/end events and a final event', async () => {
    const response = await postJson(`${served.url}/v1/solve`, { query: question, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(response);
    expect(events[0]!.event).toBe('topology');
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    const result = JSON.parse(done.data) as SolveResult;
    const starts = events.filter((event) => event.event === 'operator-start').map((event) => (JSON.parse(event.data) as { node: string }).node);
    const ends = events.filter((event) => event.event === 'operator-end').map((event) => JSON.parse(event.data) as { node: string; llmCalls: number });
    expect(starts.sort()).toEqual(result.operators.map((operator) => operator.node).sort());
    expect(ends.map((end) => end.node).sort()).toEqual(starts);
    expect(ends.reduce((sum, end) => sum + end.llmCalls, 0)).toBe(result.llmCalls);
  });
});

describe('OpenAI-compatible facade', () => {
  it('lists the served controller as a model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['lamas-gsm8k']);
    expect((await client.models.retrieve('lamas-gsm8k')).id).toBe('lamas-gsm8k');
  });

  it('answers a chat completion with the summed usage of every call', async () => {
    const completion = await client.chat.completions.create({
      model: 'lamas-gsm8k',
      messages: [
        { role: 'system', content: 'You are a careful solver.' },
        { role: 'user', content: 'an earlier question' },
        { role: 'assistant', content: '7' },
        { role: 'user', content: question },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('lamas-gsm8k');
    expect(completion.choices[0]!.message.role).toBe('assistant');
    expect(typeof completion.choices[0]!.message.content).toBe('string');
    // The last user message is the query: the same digest-derived query id as a solve of it.
    const rows = served.trace.rows.filter((row): row is LlmCallRecord => (row as LlmCallRecord).kind === 'llm');
    const last = rows.at(-1)!;
    const mine = rows.filter((row) => row.run === last.run);
    expect(completion.usage!.prompt_tokens).toBe(mine.reduce((sum, row) => sum + row.promptTokens, 0));
    expect(completion.usage!.completion_tokens).toBe(mine.reduce((sum, row) => sum + row.completionTokens, 0));
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
  });

  it('streams the answer in OpenAI chunks with a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'lamas-gsm8k',
      messages: [{ role: 'user', content: question }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.object).toBe('chat.completion.chunk');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
    const usage = chunks.at(-1)!.usage!;
    expect(usage.total_tokens).toBeGreaterThan(0);
    // Same query, same greedy topology, same seeded sim: the same answer as the non-streamed call.
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    const plain = await client.chat.completions.create({ model: 'lamas-gsm8k', messages: [{ role: 'user', content: question }] });
    expect(content).toBe(plain.choices[0]!.message.content);
    expect(usage).toEqual(plain.usage);
  });

  it('raises the SDK typed errors: 404 unknown model, 400 bad body', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const empty = client.chat.completions.create({ model: 'lamas-gsm8k', messages: [] });
    await expect(empty).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(empty).rejects.toMatchObject({ status: 400, param: 'messages' });
    await expect(client.chat.completions.create({ model: 'lamas-gsm8k', messages: [{ role: 'system', content: 'no user message' }] })).rejects.toMatchObject({ status: 400, param: 'messages' });
  });
});

describe('GET /healthz and /metrics', () => {
  it('reports health and Prometheus metrics that count what happened', async () => {
    const health = await fetch(`${served.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', model: 'lamas-gsm8k', simulated: true });
    const metrics = await fetch(`${served.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^lamas_http_requests_total\{route="\/v1\/topology",method="POST",status="200"\} \d+$/m);
    expect(text).toMatch(/^lamas_http_requests_total\{route="\/v1\/topology",method="POST",status="400"\} \d+$/m);
    expect(text).toMatch(/^lamas_http_requests_total\{route="\/v1\/topology",method="POST",status="413"\} 1$/m);
    expect(text).toMatch(/^lamas_http_request_duration_seconds_bucket\{route="\/v1\/solve",le="\+Inf"\} \d+$/m);
    const calls = Number(/^lamas_llm_calls_total\{outcome="ok"\} (\d+)$/m.exec(text)?.[1]);
    expect(calls).toBe(llmRows().filter((row) => !row.cancelled && row.error === undefined).length);
    expect(text).toMatch(/^lamas_llm_tokens_total\{kind="completion"\} \d+$/m);
    expect(text).toMatch(/^lamas_llm_cost_usd_total [\d.e-]+$/m);
    expect(text).toMatch(/^lamas_queries_in_flight 0$/m);
  });
});

describe('math', () => {
  it('serves a math controller (no reference answer needed)', async () => {
    const math = await startTestServer(await trainTinyCheckpoint('math'));
    try {
      const response = await postJson(`${math.url}/v1/solve`, { query: 'What is $\\frac{1}{2} + \\frac{1}{3}$?' });
      expect(response.status).toBe(200);
      const body = (await response.json()) as SolveResult;
      expect(body.task).toBe('math');
      expect(body.llmCalls).toBeGreaterThan(0);
      const models = await new OpenAI({ baseURL: `${math.url}/v1`, apiKey: 'x' }).models.list();
      expect(models.data[0]!.id).toBe('lamas-math');
    } finally {
      await math.server.close();
    }
  });
});

describe('humaneval', () => {
  it('serves topologies but refuses to answer code queries, before any call', async () => {
    const code = await startTestServer(await trainTinyCheckpoint('humaneval'));
    try {
      const prompt = 'def add(a: int, b: int) -> int:\n    """Return the sum of a and b."""\n';
      expect((await postJson(`${code.url}/v1/topology`, { query: prompt })).status).toBe(200);
      for (const stream of [false, true]) {
        const response = await postJson(`${code.url}/v1/solve`, { query: prompt, stream });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unsupported_task');
      }
      const chat = new OpenAI({ baseURL: `${code.url}/v1`, apiKey: 'x', maxRetries: 0 });
      await expect(chat.chat.completions.create({ model: 'lamas-humaneval', messages: [{ role: 'user', content: prompt }] })).rejects.toMatchObject({ status: 400, code: 'unsupported_task' });
      expect(code.trace.rows.length).toBe(0);
    } finally {
      await code.server.close();
    }
  });
});

describe('backend failure', () => {
  it('answers 502 naming the error when the LLM backend is unreachable', async () => {
    const down = await startTestServer(checkpoint, { backend: { ...virtualSim, llm: 'openai:gpt-4o-mini', baseUrl: 'http://127.0.0.1:9/v1', requestTimeout: 2 } });
    try {
      const response = await postJson(`${down.url}/v1/solve`, { query: question });
      expect(response.status).toBe(502);
      const { error } = (await response.json()) as { error: { type: string; message: string } };
      expect(error.type).toBe('backend_error');
      expect(error.message).toMatch(/the LLM backend gave this query nothing; first error: .*127\.0\.0\.1:9/);
    } finally {
      await down.server.close();
    }
  });
});
