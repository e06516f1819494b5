import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, ChatResponse, RequestMeta } from '../chat-model.ts';
import { countPromptTokens, countTokens } from '../count-tokens.ts';
import { ApiCallError, BackendUnreachableError, CallCancelledError, RetriesExhaustedError, UnknownModelError } from '../llm-errors.ts';
import { embedText, faults, startFaultServer, type FaultAction, type FaultScript, type FaultServer, type RecordedRequest } from '../../../test/fixtures/fault-server.ts';
import { createOpenAIChatModel, type OpenAIChatModelOptions } from './openai-chat-model.ts';
import { defaultSleep, type SleepFn } from './run-with-retries.ts';
import { closedPort } from '../../../test/fixtures/closed-port.ts';

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(script?: FaultScript): Promise<FaultServer> {
  const server = await startFaultServer(script);
  servers.push(server);
  return server;
}

/**
 * Small backoffs so fault runs take a moment, not minutes. The request timeout is long: a loaded
 * machine can take seconds to answer, and a test that is not about stalls must not see one; the
 * stall tests set their own.
 */
function modelFor(server: FaultServer, options: Partial<OpenAIChatModelOptions> = {}) {
  return createOpenAIChatModel({
    model: 'fault-model',
    apiKey: 'test-key',
    baseUrl: server.baseUrl,
    timeoutMs: 30_000,
    backoff: { baseMs: 5, maxMs: 20 },
    ...options,
  });
}

function ask(content: string): ChatMessage[] {
  return [
    { role: 'system', content: 'Answer briefly.' },
    { role: 'user', content },
  ];
}

async function expectRejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe('openai backend against the fault server', () => {
  it('finishes 50 chats through 429s, 500s, drops and stalls, counting every retry and the exact usage', async () => {
    // The schedule is keyed by question and attempt, so it is the same however requests interleave.
    const firstFault = (question: number): FaultAction | undefined => {
      switch (question % 10) {
        case 1: return faults.rateLimited(0.02);
        case 3: return faults.serverError(500);
        case 5: return faults.drop(2); // mid-stream, after two chunks
        case 6: return faults.drop(0); // before any response
        case 7: return faults.stall(1); // mid-stream, past the timeout
        case 9: return faults.stall(0); // before headers, past the timeout
        default: return undefined;
      }
    };
    // Questions 5, 25 and 45 fail twice: a dropped stream, then a 503 on the retry.
    const secondFault = (question: number): FaultAction | undefined => (question % 20 === 5 ? faults.serverError(503) : undefined);
    let injected = 0;
    const server = await serve((request: RecordedRequest) => {
      const question = Number(/q(\d+)/.exec(request.key)?.[1]);
      const fault = request.attemptForKey === 0 ? firstFault(question) : request.attemptForKey === 1 ? secondFault(question) : undefined;
      if (fault) {
        injected++;
        return fault;
      }
      return { kind: 'ok', text: `Answer to q${question} is ${question * 2}.`, usage: { promptTokens: 100 + question, completionTokens: 7 + (question % 3) } };
    });
    // 3 s of silence is a stall here: generous enough that a loaded machine adds no retries of its
    // own, which would break the count (600 ms was not: seen in CI at load ~10). A warm-up call
    // elsewhere first loads undici and the SDK, whose first request is slow on a busy machine.
    const model = modelFor(server, { timeoutMs: 3_000, maxRetries: 4 });
    const warmServer = await serve();
    await modelFor(warmServer).chat({ messages: ask('warm up') });

    const questions = Array.from({ length: 50 }, (_, index) => index);
    const responses: ChatResponse[] = new Array<ChatResponse>(questions.length);
    const queue = [...questions];
    const worker = async (): Promise<void> => {
      for (let question = queue.shift(); question !== undefined; question = queue.shift()) {
        responses[question] = await model.chat({ messages: ask(`q${question}: what is ${question} doubled?`) });
      }
    };
    await Promise.all(Array.from({ length: 5 }, worker));

    for (const question of questions) {
      expect(responses[question]?.texts).toEqual([`Answer to q${question} is ${question * 2}.`]);
    }
    const retries = responses.reduce((sum, response) => sum + response.retries, 0);
    expect(injected).toBe(5 * 6 + 3); // six faulty kinds per ten questions, and three second faults
    expect(retries).toBe(injected);
    expect(server.requests.length).toBe(50 + injected);
    expect(server.reportedUsage.calls).toBe(50);
    const promptTokens = responses.reduce((sum, response) => sum + response.usage.promptTokens, 0);
    const completionTokens = responses.reduce((sum, response) => sum + response.usage.completionTokens, 0);
    expect(promptTokens).toBe(server.reportedUsage.promptTokens);
    expect(completionTokens).toBe(server.reportedUsage.completionTokens);
    // Per call, not per request: a stalled attempt the client already closed may still be open
    // on the server for a moment when its retry arrives.
    expect(server.maxKeysInFlight).toBeLessThanOrEqual(5);
  });

  it('honours Retry-After (seconds, milliseconds, HTTP date) and caps it', async () => {
    const headersByKey: Record<string, Record<string, string>> = {
      seconds: { 'retry-after': '2' },
      millis: { 'retry-after-ms': '1500' },
      date: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() },
      huge: { 'retry-after': '3600' },
    };
    const server = await serve((request) => {
      const name = request.key.replace('chat:', '');
      if (request.attemptForKey > 0) return faults.ok();
      return { kind: 'error', status: 429, headers: headersByKey[name] ?? {}, body: { error: { message: 'slow down' } } };
    });
    const slept: number[] = [];
    const model = modelFor(server, {
      sleep: async (ms) => void slept.push(ms),
      random: () => 0.999,
      backoff: { baseMs: 10, maxMs: 100 },
      maxRetryAfterMs: 60_000,
    });

    for (const name of ['seconds', 'millis', 'date', 'huge']) {
      const response = await model.chat({ messages: [{ role: 'user', content: name }] });
      expect(response.retries).toBe(1);
    }
    expect(slept[0]).toBeGreaterThanOrEqual(2000);
    expect(slept[1]).toBeGreaterThanOrEqual(1500);
    expect(slept[2]).toBeGreaterThanOrEqual(28_000); // HTTP dates have whole-second precision
    expect(slept[3]).toBe(60_000); // an hour is capped
  });

  it('uses the jittered backoff when the server gives no Retry-After', async () => {
    const server = await serve((request) => (request.attemptForKey < 3 ? faults.serverError(502) : faults.ok()));
    const slept: number[] = [];
    const model = modelFor(server, { sleep: async (ms) => void slept.push(ms), random: () => 0.5, backoff: { baseMs: 100, maxMs: 300 } });
    const response = await model.chat({ messages: ask('backoff') });
    expect(response.retries).toBe(3);
    expect(slept).toEqual([50, 100, 150]);
  });

  it('cancels mid-stream at once, keeping the usage so far, and the server sees the connection close', async () => {
    const words = Array.from({ length: 40 }, (_, index) => ` word${index}`).join('');
    const server = await serve(() => ({ kind: 'ok', text: words.trim(), chunkDelayMs: 40 }));
    const model = modelFor(server, { timeoutMs: 5000 });
    const controller = new AbortController();
    let abortedAt = 0;
    server.events.on('chunk', (_request: RecordedRequest, chunkIndex: number) => {
      if (chunkIndex === 3) {
        // Let the fourth chunk reach the client, then cancel.
        setTimeout(() => {
          abortedAt = performance.now();
          controller.abort();
        }, 15);
      }
    });
    const closed = new Promise<RecordedRequest>((resolve) => server.events.once('close', resolve));

    const messages = ask('stream slowly');
    const error = await expectRejection(model.chat({ messages, signal: controller.signal }), CallCancelledError);
    const rejectedAt = performance.now();
    const request = await closed;

    // The call rejected and the server saw its request closed before the stream's end; how many
    // ms after the abort is a wall-clock figure a loaded machine moves, so only the order is asserted.
    expect(rejectedAt).toBeGreaterThanOrEqual(abortedAt);
    expect(request.closedAt!).toBeGreaterThanOrEqual(abortedAt);
    expect(request.chunksSent).toBeLessThan(8); // it did not run to the end
    expect(server.requests).toHaveLength(1); // and was not retried
    expect(error.usage.promptTokens).toBe(countPromptTokens(messages));
    const sentText = words.trim().split(' ').slice(0, request.chunksSent).join(' ');
    expect(error.usage.completionTokens).toBeGreaterThan(0);
    // An estimate from the text received: at most what was sent, and at most a chunk short of it.
    expect(error.usage.completionTokens).toBeLessThanOrEqual(countTokens(sentText));
    expect(error.usage.completionTokens).toBeGreaterThanOrEqual(countTokens(sentText) - countTokens(' word39'));
  });

  it('cancels before headers and during backoff without further attempts', async () => {
    const server = await serve((request) => (request.key.includes('stall') ? faults.stall(0) : faults.serverError(500)));
    // Cancellation lands on conditions, not timers (a loaded machine may not have sent the request
    // 100 ms in): once the server holds the stalled request, and once the retry's backoff has begun.
    const backingOff = new AbortController();
    const sleep: SleepFn = (ms, signal) => {
      const waiting = defaultSleep(ms, signal);
      backingOff.abort();
      return waiting;
    };
    // A 60 s backoff: returning well before it is the evidence, with room for a loaded machine.
    const model = modelFor(server, { timeoutMs: 60_000, backoff: { baseMs: 60_000, maxMs: 60_000 }, random: () => 0.999, sleep });

    const stalled = new AbortController();
    const messages = ask('stall');
    const stalling = model.chat({ messages, signal: stalled.signal });
    await vi.waitFor(() => expect(server.requests.some((request) => request.key.includes('stall'))).toBe(true), { timeout: 60_000, interval: 10 });
    stalled.abort();
    const beforeHeaders = await expectRejection(stalling, CallCancelledError);
    expect(beforeHeaders.usage).toEqual({ promptTokens: countPromptTokens(messages), completionTokens: 0 });

    const started = performance.now();
    const duringBackoff = await expectRejection(model.chat({ messages: ask('fail'), signal: backingOff.signal }), CallCancelledError);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(duringBackoff.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    expect(server.requests.filter((request) => request.key.includes('fail'))).toHaveLength(1);

    const already = new AbortController();
    already.abort();
    await expectRejection(model.chat({ messages: ask('never sent'), signal: already.signal }), CallCancelledError);
    expect(server.requests.some((request) => request.key.includes('never sent'))).toBe(false);
  });

  it('reports an unknown model in the OpenAI, old vLLM and Ollama phrasings, without retrying', async () => {
    const bodies: Record<string, unknown> = {
      openai: faults.unknownModel('gpt-9'),
      vllm: { kind: 'error', status: 404, body: { object: 'error', message: 'The model `gpt-9` does not exist.', type: 'NotFoundError', param: null, code: 404 } },
      ollama: { kind: 'error', status: 404, body: { error: { message: 'model "gpt-9" not found, try pulling it first', type: 'api_error', param: null, code: null } } },
    };
    for (const [flavour, action] of Object.entries(bodies)) {
      const server = await serve(() => action as FaultAction);
      const model = modelFor(server, { model: 'gpt-9' });
      const error = await expectRejection(model.chat({ messages: ask(flavour) }), UnknownModelError);
      expect(error.model).toBe('gpt-9');
      expect(error.baseUrl).toBe(server.baseUrl);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('names the base URL when nothing listens, once its retries are spent', async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const model = createOpenAIChatModel({ model: 'm', apiKey: 'k', baseUrl, maxRetries: 2, backoff: { baseMs: 5, maxMs: 10 } });
    const error = await expectRejection(model.chat({ messages: ask('anyone?') }), BackendUnreachableError);
    expect(error.baseUrl).toBe(baseUrl);
    expect(error.message).toContain(baseUrl);
    expect(error.message).toContain('ECONNREFUSED');
    await expectRejection(model.embed({ texts: ['x'] }), BackendUnreachableError);
  });

  it('does not retry 400, 401, 403, 404 or 422, and hints at the API key on 401', async () => {
    const server = await serve((request) => {
      const status = Number(request.key.replace('chat:', ''));
      return status === 400 ? faults.badRequest() : { kind: 'error', status, body: { error: { message: `status ${status}` } } };
    });
    const model = modelFor(server);
    for (const status of [400, 401, 403, 404, 422]) {
      const error = await expectRejection(model.chat({ messages: [{ role: 'user', content: String(status) }] }), ApiCallError);
      expect(error.status).toBe(status);
      expect(error.retryable).toBe(false);
      if (status === 401) expect(error.message).toContain('OPENAI_API_KEY');
      if (status === 404) expect(error.message).toContain('/v1');
    }
    expect(server.requests).toHaveLength(5);
  });

  it('classifies each fault as a retryable failure with a telling message', async () => {
    // Only the stalls get a short timeout: under load a 429 can take longer than 300 ms to arrive.
    const cases: Array<[string, FaultAction, RegExp, number]> = [
      ['429', faults.rateLimited(1), /^429 Rate limit/, 30_000],
      ['500', faults.serverError(500), /^500 /, 30_000],
      ['drop before headers', faults.drop(0), /connection to .* failed/, 30_000],
      ['drop mid-stream', faults.drop(2), /connection to .* failed: terminated/, 30_000],
      ['stall before headers', faults.stall(0), /no response .* for 300 ms|timed out/, 300],
      ['stall mid-stream', faults.stall(2), /no response .* for 300 ms/, 300],
    ];
    for (const [name, action, message, timeoutMs] of cases) {
      const server = await serve(() => action);
      const model = modelFor(server, { maxRetries: 0, timeoutMs });
      const error = await expectRejection(model.chat({ messages: ask(name) }), RetriesExhaustedError);
      expect(error.attempts, name).toBe(1);
      expect(error.lastError, name).toBeInstanceOf(ApiCallError);
      expect((error.lastError as ApiCallError).retryable, name).toBe(true);
      expect((error.lastError as ApiCallError).message, name).toMatch(message);
    }
  });

  it('gives up after maxRetries with RetriesExhaustedError keeping the last error', async () => {
    const server = await serve(() => faults.serverError(500));
    const model = modelFor(server, { maxRetries: 2 });
    const error = await expectRejection(model.chat({ messages: ask('doomed') }), RetriesExhaustedError);
    expect(error.attempts).toBe(3);
    expect(error.lastError).toBeInstanceOf(ApiCallError);
    expect((error.lastError as ApiCallError).status).toBe(500);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a stream that ends cleanly before the answer finished', async () => {
    // drop(…) past the end of the answer writes every chunk and then closes with no finish_reason.
    const server = await serve((request) => (request.attemptForKey === 0 ? { kind: 'drop', afterChunks: 99 } : faults.ok('fine now')));
    const response = await modelFor(server).chat({ messages: ask('truncated') });
    expect(response.texts).toEqual(['fine now']);
    expect(response.retries).toBe(1);
  });

  it('returns n texts for n > 1, with usage, first-token and total latency', async () => {
    const server = await serve(() => ({ kind: 'ok', text: ['alpha one', 'beta two', 'gamma three'], usage: { promptTokens: 12, completionTokens: 6, cachedTokens: 4 } }));
    const response = await modelFor(server).chat({ messages: ask('three please'), n: 3, temperature: 0.7, maxTokens: 50, stop: ['\n\n'] });
    expect(response.texts).toEqual(['alpha one', 'beta two', 'gamma three']);
    expect(response.usage).toEqual({ promptTokens: 12, completionTokens: 6, cachedTokens: 4 });
    expect(response).toMatchObject({ model: 'fault-model', cached: false, retries: 0 });
    expect(response.firstTokenMs).toBeGreaterThan(0);
    expect(response.latencyMs).toBeGreaterThanOrEqual(response.firstTokenMs!);
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ n: 3, temperature: 0.7, max_tokens: 50, stop: ['\n\n'], stream: true, stream_options: { include_usage: true } });
  });

  it('returns the samples the server gave when it ignores n', async () => {
    const server = await serve(() => ({ kind: 'ok', text: ['only one'] }));
    const response = await modelFor(server).chat({ messages: ask('three please'), n: 3 });
    expect(response.texts).toEqual(['only one']);
  });

  it('can send max_completion_tokens instead of max_tokens', async () => {
    const server = await serve();
    await modelFor(server, { maxTokensParameter: 'max_completion_tokens' }).chat({ messages: ask('x'), maxTokens: 9 });
    expect(server.requests[0]!.body['max_completion_tokens']).toBe(9);
    expect(server.requests[0]!.body).not.toHaveProperty('max_tokens');
  });

  it('estimates usage with the tokenizer when the server streams none', async () => {
    const server = await serve(() => ({ kind: 'ok', text: 'no usage here', usage: 'omit' }));
    const messages = ask('count it yourself');
    const response = await modelFor(server).chat({ messages });
    expect(response.usage).toEqual({ promptTokens: countPromptTokens(messages), completionTokens: countTokens('no usage here') });
  });

  it('round-trips embeddings in input order', async () => {
    const server = await serve();
    const texts = ['first', 'the second one', 'x'];
    const vectors = await modelFor(server).embed({ texts });
    expect(vectors).toEqual(texts.map(embedText));
    expect(server.requests[0]!.body).toMatchObject({ model: 'fault-model', input: texts, encoding_format: 'float' });
    expect(await modelFor(server).embed({ texts: [] })).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('retries embeddings like chats', async () => {
    const server = await serve((request) => (request.attemptForKey === 0 ? faults.rateLimited(0) : faults.ok()));
    expect(await modelFor(server).embed({ texts: ['a', 'b'] })).toEqual([embedText('a'), embedText('b')]);
    expect(server.requests).toHaveLength(2);
  });

  it('sends lamas_meta only when forwardMeta is on', async () => {
    const server = await serve();
    const meta: RequestMeta = { task: 'gsm8k', queryId: 'q1', role: 'cot', difficulty: 3, reference: '42' };
    await modelFor(server).chat({ messages: ask('default'), meta });
    await modelFor(server, { forwardMeta: true }).chat({ messages: ask('forwarded'), meta });
    expect(server.requests[0]!.body).not.toHaveProperty('lamas_meta');
    expect(server.requests[1]!.body['lamas_meta']).toEqual(meta);
  });

  it('describes itself as a real, real-time openai backend', () => {
    const model = createOpenAIChatModel({ model: 'gpt-4o-mini', apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1' });
    expect(model).toMatchObject({ provider: 'openai', modelId: 'gpt-4o-mini', simulated: false, virtualTime: false });
  });
});
