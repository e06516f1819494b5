import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, readSse, removeTrainedCheckpoints, type SseEvent, startTestServer, type TestServer, trainTinyCheckpoint, until, virtualSim } from '../../test/fixtures/serve-test-server.ts';

/**
 * A query the shutdown cancels (a second signal, or --drain-timeout passed: both call
 * `abortInFlight`) must not look like an answer, on any route, streamed or not. Every wait is on a
 * condition: the queries are cancelled once all of them are in flight, and their simulated calls
 * take minutes, so none can finish first.
 */

const question = 'A baker makes 12 loaves a day and sells 9 of them. How many loaves are left after a week?';

let checkpoint: string;
let served: TestServer;

beforeAll(async () => {
  checkpoint = await trainTinyCheckpoint('gsm8k');
  // Real simulated time at 50x: every call takes minutes, only the abort can end these queries.
  served = await startTestServer(checkpoint, { backend: { ...virtualSim, simTime: 'real', simScale: 50 } });
});

afterAll(async () => {
  await served?.server.close();
  removeTrainedCheckpoints();
});

interface ErrorBody {
  error: { message: string; type: string; code: string | null };
  partial?: { answer: string | null; cancelledCalls: number; failures: number; llmCalls: number };
}

const chatBody = { model: 'lamas-gsm8k', messages: [{ role: 'user' as const, content: question }] };

describe('queries cancelled by the shutdown', () => {
  it('get 503 shutting_down (or a stream that ends in an error), never an empty answer', async () => {
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });

    const chatPlain = client.chat.completions.create(chatBody).then(
      (completion) => ({ answered: completion }),
      (error: unknown) => ({ error }),
    );
    const chatStreamSdk = (async () => {
      const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
      try {
        for await (const chunk of await client.chat.completions.create({ ...chatBody, stream: true })) chunks.push(chunk);
        return { chunks };
      } catch (error) {
        return { chunks, error };
      }
    })();
    const chatStreamRaw = postJson(`${served.url}/v1/chat/completions`, { ...chatBody, stream: true }).then((response) => readSse(response));
    const solvePlain = postJson(`${served.url}/v1/solve`, { query: question });
    const solveStream = postJson(`${served.url}/v1/solve`, { query: question, stream: true }).then((response) => readSse(response));

    await until(() => served.server.metrics.queriesInFlight.value === 5);
    served.server.abortInFlight();

    // Chat, not streamed: a 503 the SDK raises (and would retry, with its default maxRetries).
    const plain = await chatPlain;
    expect(plain).not.toHaveProperty('answered');
    expect((plain as { error: unknown }).error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((plain as { error: unknown }).error).toMatchObject({ status: 503, code: 'shutting_down', type: 'server_error' });

    // Chat, streamed through the SDK: the stream raises the error; no chunk said "stop".
    const sdk = await chatStreamSdk;
    expect(sdk.error).toBeInstanceOf(OpenAI.APIError);
    expect(sdk.error).toMatchObject({ code: 'shutting_down' });
    expect(sdk.chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(false);

    // Chat, streamed, read by hand: the last chunk ends the choice with "error" and carries the error; no [DONE].
    const raw = await chatStreamRaw;
    expect(raw.map((event) => event.data)).not.toContain('[DONE]');
    const last = JSON.parse(raw.at(-1)!.data) as { object: string; choices: Array<{ finish_reason: string | null; delta: object }> } & ErrorBody;
    expect(last.object).toBe('chat.completion.chunk');
    expect(last.choices[0]!.finish_reason).toBe('error');
    expect(last.error.code).toBe('shutting_down');
    const content = raw.slice(0, -1).map((event) => (JSON.parse(event.data) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '');
    expect(content.join('')).toBe('');

    // /v1/solve, not streamed: 503 with what the query had done as `partial`.
    const solved = await solvePlain;
    expect(solved.status).toBe(503);
    expect(solved.headers.get('connection')).toBe('close');
    const body = (await solved.json()) as ErrorBody;
    expect(body.error).toMatchObject({ type: 'server_error', code: 'shutting_down' });
    expect(body.partial!.cancelledCalls + body.partial!.failures).toBeGreaterThan(0);

    // /v1/solve, streamed: an `error` event, no `done`.
    const events: SseEvent[] = await solveStream;
    expect(events.map((event) => event.event)).not.toContain('done');
    expect(events.at(-1)!.event).toBe('error');
    expect((JSON.parse(events.at(-1)!.data) as ErrorBody).error.code).toBe('shutting_down');

    await until(() => served.server.metrics.queriesInFlight.value === 0);
  });
});
