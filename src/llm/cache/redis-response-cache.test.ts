import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { CountingChatModel } from '../../../test/fixtures/llm-cache/counting-chat-model.ts';
import { redisMissing, TestRedis } from '../../../test/fixtures/redis-server.ts';
import type { ChatRequest } from '../chat-model.ts';
import { requestCacheKey } from './cache-key.ts';
import { withCache } from './cached-chat-model.ts';
import { RedisResponseCache } from './redis-response-cache.ts';
import { ResponseCache } from './response-cache.ts';

/** Issue 19.3: `--cache redis://...`, the response cache shared by the machines of a queued sweep. */

const missing = redisMissing();
if (missing) console.log(missing);
let redis: TestRedis;
let dir: string;

function request(i: number, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { messages: [{ role: 'user', content: `Question number ${i}: what is ${i} + ${i}?` }], temperature: 0.8, maxTokens: 128, ...extra };
}

describe.skipIf(missing !== undefined)('RedisResponseCache', () => {
  beforeAll(async () => {
    redis = await TestRedis.start();
    dir = mkdtempSync(join(tmpdir(), 'lamas-redis-cache-'));
  });
  afterAll(async () => {
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
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

  it('two lamas processes with --cache redis://: the second identical run makes 0 backend calls', async () => {
    const args = (out: string) => ['run', '--task', 'gsm8k', '--limit', '3', '--topology', 'cot-sc', '--cache', redis.url, '--out', out, '--json'];
    // The first in a process of its own (another machine, as far as the cache can tell).
    const bin = fileURLToPath(new URL('../../../bin/lamas.js', import.meta.url));
    const child = spawn('nice', ['-n', '10', process.execPath, bin, ...args(join(dir, 'first'))], { stdio: 'ignore' });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    const first = JSON.parse(readFileSync(join(dir, 'first', 'summary.json'), 'utf8')) as { llmCalls: number; cacheHits: number; accuracy: number };
    expect(first.llmCalls).toBeGreaterThan(0);
    expect(first.cacheHits).toBe(0);

    const second = await runCli(args(join(dir, 'second')));
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { llmCalls: number; cacheHits: number; accuracy: number };
    expect(summary.llmCalls).toBe(first.llmCalls);
    expect(summary.cacheHits).toBe(summary.llmCalls); // every call answered by the shared cache: 0 reached the backend
    expect(summary.accuracy).toBe(first.accuracy);
  }, 600_000);
});
