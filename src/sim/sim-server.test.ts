import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countTokens } from '../llm/count-tokens.ts';
import { extractGsm8kAnswer } from '../tasks/gsm8k/index.ts';
import { loadSimProfile } from './sim-profile.ts';
import { type RunningSimServer, startSimServer } from './sim-server.ts';

const profile = loadSimProfile('gpt-4o-mini');
const meta = { task: 'gsm8k', queryId: 'q1', role: 'cot', difficulty: 2, reference: '42' };

describe('lamas sim-server through the openai SDK', () => {
  let sim: RunningSimServer;
  let paced: RunningSimServer;
  let client: OpenAI;
  beforeAll(async () => {
    sim = await startSimServer({ profile, seed: 1 });
    paced = await startSimServer({ profile, seed: 1, time: 'real', scale: 0.5 });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await sim.close();
    await paced.close();
  });

  it('lists its model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('gpt-4o-mini');
  });

  it('answers a chat with usage that matches the text, reading lamas_meta', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'What is six times seven?' }], lamas_meta: meta };
    const completion = await client.chat.completions.create(body);
    const text = completion.choices[0]!.message.content!;
    expect(completion.usage!.completion_tokens).toBe(countTokens(text));
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(5);
    expect(extractGsm8kAnswer(text)).not.toBeNull();
    // Same request, same answer: the simulation is a function of the request.
    const again = await client.chat.completions.create(body);
    expect(again.choices[0]!.message.content).toBe(text);
  });

  it('streams chunks with usage in the last chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(5);
    expect(usage?.completion_tokens).toBe(countTokens(text));
  });

  it('embeds texts deterministically', async () => {
    const result = await client.embeddings.create({ model: 'gpt-4o-mini', input: ['a cat sat', 'a cat sat', 'stock prices fell'], encoding_format: 'float' });
    const [a, b, c] = result.data.map((item) => item.embedding);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
  });

  it('rejects an unknown model with 404 model_not_found and a bad body with 400', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-99', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404 });
    const response = await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o-mini"}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('messages');
  });

  it('stops streaming when the client cancels mid-stream', async () => {
    const pacedClient = new OpenAI({ baseURL: paced.url, apiKey: 'unused', maxRetries: 0 });
    const controller = new AbortController();
    const stream = await pacedClient.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Long answer' }], stream: true, lamas_meta: meta } as OpenAI.ChatCompletionCreateParamsStreaming,
      { signal: controller.signal },
    );
    let received = '';
    try {
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta?.content ?? '';
        if (received.length > 40) controller.abort();
      }
    } catch {
      // the SDK may throw on abort; either way the stream ends
    }
    expect(received.length).toBeGreaterThan(40);
    // The same request unpaced gives the whole answer: the cancelled stream must have stopped short of it.
    const whole = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Long answer' }], lamas_meta: meta } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(received.length).toBeLessThan((whole.choices[0]?.message.content ?? '').length);
    await vi.waitFor(() => expect(paced.stats().inFlight).toBe(0), { timeout: 30_000, interval: 20 });
  });
});
