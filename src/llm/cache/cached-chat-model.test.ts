import { describe, expect, it } from 'vitest';
import type { ChatRequest, RequestMeta } from '../chat-model.ts';
import { ApiCallError, CallCancelledError } from '../llm-errors.ts';
import { withCache } from './cached-chat-model.ts';
import { CountingChatModel } from '../../../test/fixtures/llm-cache/counting-chat-model.ts';
import { ResponseCache } from './response-cache.ts';

function request(i: number, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { messages: [{ role: 'user', content: `Question number ${i}: what is ${i} + ${i}?` }], temperature: 0, maxTokens: 128, ...extra };
}

describe('withCache', () => {
  it('passes the backend identity through', () => {
    const inner = new CountingChatModel('sim', 'gpt-4o-mini');
    const model = withCache(inner, ResponseCache.open(':memory:'));
    expect([model.provider, model.modelId, model.simulated, model.virtualTime]).toEqual(['sim', 'gpt-4o-mini', true, true]);
  });

  it('replays a hit with its usage and latency, marked cached, without calling the backend', async () => {
    const inner = new CountingChatModel();
    const model = withCache(inner, ResponseCache.open(':memory:'));
    const first = await model.chat(request(1));
    expect(first.cached).toBe(false);
    expect(first.retries).toBe(2);
    expect(inner.chatCalls).toBe(1);

    const second = await model.chat(request(1));
    expect(inner.chatCalls).toBe(1);
    expect(second).toEqual({ ...first, cached: true, retries: 0 });
  });

  it('makes zero backend calls on a second identical run of 20 requests, with identical answers', async () => {
    const cache = ResponseCache.open(':memory:');
    const requests = Array.from({ length: 20 }, (_, i) => request(i, { temperature: 0.8, sampleIndex: i % 3 }));

    const firstInner = new CountingChatModel();
    const firstRun = await Promise.all(requests.map((r) => withCache(firstInner, cache).chat(r)));
    expect(firstInner.chatCalls).toBe(20);
    expect(cache.stats().entries).toBe(20);

    const secondInner = new CountingChatModel();
    const secondRun = await Promise.all(requests.map((r) => withCache(secondInner, cache).chat(r)));
    expect(secondInner.chatCalls).toBe(0);
    expect(secondRun.every((r) => r.cached)).toBe(true);
    expect(secondRun.map((r) => r.texts)).toEqual(firstRun.map((r) => r.texts));
    expect(secondRun.map((r) => r.usage)).toEqual(firstRun.map((r) => r.usage));
    expect(secondRun.map((r) => r.latencyMs)).toEqual(firstRun.map((r) => r.latencyMs));
  });

  it('stores n samples at temperature > 0 as n distinct entries', async () => {
    const cache = ResponseCache.open(':memory:');
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    const samples = await Promise.all(
      Array.from({ length: 5 }, (_, sampleIndex) => model.chat(request(7, { temperature: 0.7, sampleIndex }))),
    );
    expect(inner.chatCalls).toBe(5);
    expect(cache.stats().entries).toBe(5);
    expect(new Set(samples.map((s) => s.texts[0])).size).toBe(5);
  });

  it('does not cache a failed call', async () => {
    const cache = ResponseCache.open(':memory:');
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    inner.failWith = new ApiCallError('server error', 500, true);
    await expect(model.chat(request(1))).rejects.toBeInstanceOf(ApiCallError);
    expect(cache.stats().entries).toBe(0);

    inner.failWith = undefined;
    const retried = await model.chat(request(1));
    expect(retried.cached).toBe(false);
    expect(inner.chatCalls).toBe(2);
  });

  it('does not cache a cancelled call, and a cancelled request never replays a hit', async () => {
    const cache = ResponseCache.open(':memory:');
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    const controller = new AbortController();
    controller.abort();
    await expect(model.chat(request(1, { signal: controller.signal }))).rejects.toBeInstanceOf(CallCancelledError);
    expect(cache.stats().entries).toBe(0);

    await model.chat(request(1));
    await expect(model.chat(request(1, { signal: controller.signal }))).rejects.toBeInstanceOf(CallCancelledError);
  });

  it('keys sim calls on their meta and openai calls not', async () => {
    const meta: RequestMeta = { task: 'gsm8k', queryId: 'q1', role: 'programmer', difficulty: 2, reference: '4', attempt: 0 };
    const retry: RequestMeta = { ...meta, attempt: 1 };

    const sim = Object.assign(new CountingChatModel('sim'), { answersFromMeta: true });
    const simModel = withCache(sim, ResponseCache.open(':memory:'));
    await simModel.chat(request(1, { meta }));
    await simModel.chat(request(1, { meta: retry }));
    expect(sim.chatCalls).toBe(2);

    const openai = new CountingChatModel('openai');
    const openaiModel = withCache(openai, ResponseCache.open(':memory:'));
    await openaiModel.chat(request(1, { meta }));
    await openaiModel.chat(request(1, { meta: retry }));
    expect(openai.chatCalls).toBe(1);
  });

  it('separates sim seeds through the scope', async () => {
    const cache = ResponseCache.open(':memory:');
    const inner = new CountingChatModel('sim');
    await withCache(inner, cache, { scope: 'gpt-4o-mini@v1 seed=1' }).chat(request(1));
    await withCache(inner, cache, { scope: 'gpt-4o-mini@v1 seed=2' }).chat(request(1));
    await withCache(inner, cache, { scope: 'gpt-4o-mini@v1 seed=1' }).chat(request(1));
    expect(inner.chatCalls).toBe(2);
  });

  it('caches embeddings per text and only asks the backend for missing ones', async () => {
    const cache = ResponseCache.open(':memory:');
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    const first = await model.embed({ texts: ['alpha', 'beta', 'alpha'] });
    expect(inner.embeddedTexts).toEqual(['alpha', 'beta']);
    expect(first[0]).toEqual(first[2]);

    const second = await model.embed({ texts: ['gamma', 'beta', 'alpha'] });
    expect(inner.embeddedTexts).toEqual(['alpha', 'beta', 'gamma']);
    expect(inner.embedCalls).toBe(2);
    expect(second[1]).toEqual(first[1]);
    expect(second[2]).toEqual(first[0]);
    expect(second[0]).toEqual((await new CountingChatModel().embed({ texts: ['gamma'] }))[0]);

    await model.embed({ texts: ['beta', 'gamma'] });
    expect(inner.embedCalls).toBe(2);
    expect(cache.stats().embeddings).toBe(3);
  });

  it('does not cache embeddings from a misaligned batch', async () => {
    const cache = ResponseCache.open(':memory:');
    const inner = new CountingChatModel();
    inner.embed = async () => [[1, 2]];
    await expect(withCache(inner, cache).embed({ texts: ['a', 'b'] })).rejects.toBeInstanceOf(ApiCallError);
    expect(cache.stats().embeddings).toBe(0);
  });
});
