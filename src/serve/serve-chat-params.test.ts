import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ignoredChatParams } from './chat-request-schema.ts';
import { postJson, readSse, removeTrainedCheckpoints, startTestServer, type TestServer, trainTinyCheckpoint } from '../../test/fixtures/serve-test-server.ts';

/**
 * What the chat facade does with each OpenAI parameter: honoured, accepted with a warning that
 * names it (body and `Warning` header), or refused with a 400 naming it. Nothing is silently ignored.
 */

const question = 'Tom has 3 apples and buys 5 more bags with 4 apples each. How many apples does he have now?';
const messages = [{ role: 'user' as const, content: question }];

let served: TestServer;
let client: OpenAI;

beforeAll(async () => {
  served = await startTestServer(await trainTinyCheckpoint('gsm8k'));
  client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await served?.server.close();
  removeTrainedCheckpoints();
});

interface Completion {
  choices: Array<{ message: { content: string }; finish_reason: string }>;
  lamas: { warnings: Array<{ param: string; message: string }> };
}

describe('OpenAI chat parameters', () => {
  it('refuses what it cannot honour with a 400 naming the parameter', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ n: 2 }, 'n', 'unsupported_parameter'],
      [{ tools: [{ type: 'function', function: { name: 'lookup', parameters: {} } }] }, 'tools', 'unsupported_parameter'],
      [{ tool_choice: 'required' }, 'tool_choice', 'unsupported_parameter'],
      [{ functions: [{ name: 'lookup' }] }, 'functions', 'unsupported_parameter'],
      [{ response_format: { type: 'json_object' } }, 'response_format', 'unsupported_parameter'],
      [{ logprobs: true }, 'logprobs', 'unsupported_parameter'],
      [{ top_logprobs: 3 }, 'top_logprobs', 'unsupported_parameter'],
      [{ modalities: ['text', 'audio'] }, 'modalities', 'unsupported_parameter'],
      [{ audio: { voice: 'alloy', format: 'mp3' } }, 'audio', 'unsupported_parameter'],
      [{ web_search_options: {} }, 'web_search_options', 'unsupported_parameter'],
      // Not OpenAI parameters (a vLLM extra, a typo): refused as OpenAI refuses them.
      [{ top_k: 40 }, 'top_k', 'unknown_parameter'],
      [{ max_token: 100 }, 'max_token', 'unknown_parameter'],
      [{ stream_options: { include_usage: true, chunk: 1 } }, 'stream_options.chunk', 'unknown_parameter'],
      // Ignored parameters are still checked for type.
      [{ temperature: 'hot' }, 'temperature', 'invalid_value'],
    ];
    for (const [extra, param, code] of cases) {
      const response = await postJson(`${served.url}/v1/chat/completions`, { model: 'lamas-gsm8k', messages, ...extra });
      expect(response.status, JSON.stringify(extra)).toBe(400);
      const { error } = (await response.json()) as { error: { message: string; type: string; param: string; code: string } };
      expect(error, JSON.stringify(extra)).toMatchObject({ type: 'invalid_request_error', param, code });
      expect(error.message.startsWith(`${param}: `)).toBe(true);
    }
    await expect(client.chat.completions.create({ model: 'lamas-gsm8k', messages, n: 3 })).rejects.toMatchObject({ status: 400, param: 'n', code: 'unsupported_parameter' });
  });

  it('accepts the values that ask for nothing, without a warning', async () => {
    const response = await postJson(`${served.url}/v1/chat/completions`, {
      model: 'lamas-gsm8k',
      messages,
      n: 1,
      logprobs: false,
      top_logprobs: 0,
      tools: [],
      tool_choice: 'none',
      response_format: { type: 'text' },
      modalities: ['text'],
      audio: null,
      stream: false,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('warning')).toBeNull();
    expect(((await response.json()) as Completion).lamas.warnings).toEqual([]);
  });

  it('answers despite the parameters it ignores, and names each one in lamas.warnings and a Warning header', async () => {
    const response = await postJson(`${served.url}/v1/chat/completions`, {
      model: 'lamas-gsm8k',
      messages: [{ role: 'system', content: 'Answer briefly.' }, ...messages],
      temperature: 0.2,
      max_tokens: 5,
      seed: 7,
      stop: ['\n'],
      user: 'user-42',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Completion;
    expect(body.choices[0]!.finish_reason).toBe('stop');
    expect(body.lamas.warnings.map((warning) => warning.param).sort()).toEqual(['max_tokens', 'messages', 'seed', 'stop', 'temperature', 'user']);
    const temperature = body.lamas.warnings.find((warning) => warning.param === 'temperature')!;
    expect(temperature.message).toBe(`temperature: ignored: ${ignoredChatParams.temperature}`);
    expect(body.lamas.warnings.find((warning) => warning.param === 'messages')!.message).toMatch(/only the last user message \(messages\.1\) is read/);
    const header = response.headers.get('warning')!;
    for (const warning of body.lamas.warnings) expect(header).toContain(`299 - "${warning.message}"`);

    // The same warnings on a stream: in the header at once, and in the usage chunk's `lamas`.
    const stream = await postJson(`${served.url}/v1/chat/completions`, { model: 'lamas-gsm8k', messages, temperature: 0, stream: true, stream_options: { include_usage: true } });
    expect(stream.headers.get('warning')).toBe(`299 - "temperature: ignored: ${ignoredChatParams.temperature}"`);
    const events = await readSse(stream);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const usage = JSON.parse(events.at(-2)!.data) as { lamas: Completion['lamas'] };
    expect(usage.lamas.warnings.map((warning) => warning.param)).toEqual(['temperature']);
  });
});
