import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingChatModel } from '../../../test/fixtures/llm-cache/counting-chat-model.ts';
import { redisMissing, TestRedis } from '../../../test/fixtures/redis-server.ts';
import type { ChatRequest } from '../chat-model.ts';
import { requestCacheKey } from './cache-key.ts';
import { withCache } from './cached-chat-model.ts';
import { RedisResponseCache } from './redis-response-cache.ts';
import { ResponseCache } from './response-cache.ts';

/**
 * Issue 19.3: `--cache redis://...`, the response cache shared by the machines of a queued sweep.
 * Two worker processes sharing it (the second identical eval making 0 backend calls) are tested in
 * eval/queue/sharded-eval.test.ts.
 */

const missing = redisMissing();
if (missing) console.log(missing);
let redis: TestRedis;

function request(i: number, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { messages: [{ role: 'user', content: `Question number ${i}: what is ${i} + ${i}?` }], temperature: 0.8, maxTokens: 128, ...extra };
}

describe.skipIf(missing !== undefined)('RedisResponseCache', () => {
  beforeAll(async () => {
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  it('two clients share answers under the SQLite cache\'s keys: the second makes 0 backend calls and replays usage and latency', async () => {
    const requests = Array.from({ length: 12 }, (_, i) => request(i, { sampleIndex: i % 3 }));
    const first = RedisResponseCache.open(redis.url);
    const firstInner = new CountingChatModel();
    const firstRun = await Promise.all(requests.map((r) => withCache(firstInner, first).chat(r)));
    first.close();
    expect(firstInner.chatCalls).toBe(12);

    const second = RedisResponseCache.open(redis.url);
    const secondInner = new CountingChatModel();
    const secondRun = await Promise.all(requests.map((r) => withCache(secondInner, second).chat(r)));
    second.close();
    expect(secondInner.chatCalls).toBe(0);
    expect(secondRun.every((r) => r.cached)).toBe(true);
    expect(secondRun.map((r) => [r.texts, r.usage, r.latencyMs])).toEqual(firstRun.map((r) => [r.texts, r.usage, r.latencyMs]));

    // The same key as SQLite: the Redis entry is the SQLite row of that key, checksum and all.
    const sqlite = ResponseCache.open(':memory:');
    const sqliteInner = new CountingChatModel();
    await withCache(sqliteInner, sqlite).chat(requests[0]!);
    const key = requestCacheKey(sqliteInner, requests[0]!, {});
    const client = new Redis(redis.url);
    const stored = JSON.parse((await client.get(`lamas:llm:response:${key}`))!) as { texts: string; checksum: string };
    client.disconnect();
    expect(JSON.parse(stored.texts)).toEqual(firstRun[0]!.texts);
    expect(stored.checksum).toMatch(/^[0-9a-f]{64}$/);
    sqlite.close();
  });

  it('an entry edited in Redis is a miss counted as corrupt, and the new answer replaces it', async () => {
    const cache = RedisResponseCache.open(redis.url, { warn: () => undefined });
    const inner = new CountingChatModel();
    await withCache(inner, cache).chat(request(100));
    const key = requestCacheKey(inner, request(100), {});
    const client = new Redis(redis.url);
    const row = JSON.parse((await client.get(`lamas:llm:response:${key}`))!) as { prompt_tokens: number };
    await client.set(`lamas:llm:response:${key}`, JSON.stringify({ ...row, prompt_tokens: row.prompt_tokens + 1 }));
    client.disconnect();
    const again = await withCache(inner, cache).chat(request(100));
    expect(again.cached).toBe(false);
    expect(inner.chatCalls).toBe(2);
    expect(cache.counts().corrupt).toBe(1);
    const third = await withCache(inner, cache).chat(request(100));
    expect(third).toMatchObject({ cached: true, texts: again.texts });
    expect(inner.chatCalls).toBe(2);
    cache.close();
  });

  it('an unreachable Redis never fails a call: reads are misses, writes skipped, both counted', async () => {
    const cache = RedisResponseCache.open('redis://127.0.0.1:1', { warn: () => undefined });
    const inner = new CountingChatModel();
    const answer = await withCache(inner, cache).chat(request(200));
    expect(answer.cached).toBe(false);
    expect(inner.chatCalls).toBe(1);
    expect(cache.counts()).toMatchObject({ readsSkipped: 1, writesSkipped: 1 });
    cache.close();
  });
});
