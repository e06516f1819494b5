import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../chat-model.ts';
import { requestCacheKey } from './cache-key.ts';
import { CacheFileError } from './cache-errors.ts';
import { withCache } from './cached-chat-model.ts';
import { CountingChatModel } from '../../../test/fixtures/llm-cache/counting-chat-model.ts';
import { CACHE_SCHEMA_VERSION, embeddingChecksum, ResponseCache, responseChecksum, type StoredResponse } from './index.ts';

/**
 * Issue 12 part 5: a damaged or edited cache never silently changes an answer. A row whose
 * checksum does not match, that does not parse, whose numbers are not valid, or whose page SQLite
 * reports as corrupt is a miss: the backend answers, the fresh answer replaces the bad row, and
 * the miss is counted.
 */

/**
 * Written by the schema-1 code (before checksums): 3 chat entries from `withCache` for
 * `request(1..3)` on a `CountingChatModel`, 'legacy-full' (= `response` below), 'legacy-minimal'
 * (no cached tokens, no first-token time) and the embeddings of 'alpha' and 'beta'.
 */
const legacyFixture = fileURLToPath(new URL('../../../test/fixtures/llm-cache/cache-v1.db', import.meta.url));

let dir: string;
let warnings: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamas-cache-integrity-'));
  warnings = [];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const quiet = () => ({ warn: (message: string) => warnings.push(message) });

function request(i: number): ChatRequest {
  return { messages: [{ role: 'user', content: `Question number ${i}: what is ${i} + ${i}?` }], temperature: 0, maxTokens: 128 };
}

const response = {
  texts: ['The answer is 4.', 'It is 4.'],
  usage: { promptTokens: 31, completionTokens: 12, cachedTokens: 16 },
  model: 'gpt-4o-mini-2024-07-18',
  latencyMs: 812.25,
  firstTokenMs: 402.5,
};

/** Edits the file behind the cache's back, as a user or a stray tool would. */
function edit(path: string, sql: string, ...params: unknown[]): number {
  const db = new Database(path);
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}

function checksumOf(path: string, key: string): string | null {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[string], string | null>('SELECT checksum FROM responses WHERE key = ?').pluck().get(key) ?? null;
  } finally {
    db.close();
  }
}

describe('a row edited behind the cache', () => {
  for (const [what, sql] of [
    ['its text', `UPDATE responses SET texts = '["The answer is 5."]'`],
    ['its prompt tokens', 'UPDATE responses SET prompt_tokens = prompt_tokens + 1'],
    ['its completion tokens', 'UPDATE responses SET completion_tokens = 9999'],
    ['its cached tokens', 'UPDATE responses SET cached_tokens = NULL'],
    ['its latency', 'UPDATE responses SET latency_ms = latency_ms * 10'],
    ['its first-token time', 'UPDATE responses SET first_token_ms = 1'],
    ['its model', `UPDATE responses SET model = 'gpt-4o'`],
    ['its creation time', 'UPDATE responses SET created_at = created_at - 1'],
    ['its checksum', `UPDATE responses SET checksum = 'deadbeef'`],
    // A NULL checksum marks a row written before checksums: its values are still checked.
    ['its checksum (erased) and its tokens (invalid)', 'UPDATE responses SET checksum = NULL, prompt_tokens = -1'],
  ] as const) {
    it(`(${what}) is a counted miss; the fresh answer is used and replaces it`, async () => {
      const path = join(dir, 'cache.sqlite');
      const inner = new CountingChatModel();
      const cache = ResponseCache.open(path, quiet());
      const model = withCache(inner, cache);
      const fresh = await model.chat(request(1));
      expect(inner.chatCalls).toBe(1);

      expect(edit(path, sql)).toBe(1);

      const afterEdit = await model.chat(request(1));
      expect(inner.chatCalls).toBe(2);
      expect(afterEdit).toEqual(fresh);
      expect(afterEdit.cached).toBe(false);
      expect(cache.counts()).toEqual({ corrupt: 1, readsSkipped: 0, writesSkipped: 0 });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(path);

      // The bad row was overwritten: the next call is a verified hit with the fresh answer.
      const replayed = await model.chat(request(1));
      expect(inner.chatCalls).toBe(2);
      expect(replayed).toEqual({ ...fresh, cached: true, retries: 0 });
      expect(cache.counts().corrupt).toBe(1);
      cache.close();
    });
  }

  it('an edited row with a recomputed checksum still needs valid numbers', () => {
    const path = join(dir, 'cache.sqlite');
    ResponseCache.open(path).close();
    const valid: StoredResponse = {
      model: 'm',
      texts: '["x"]',
      promptTokens: 10,
      completionTokens: 5,
      cachedTokens: null,
      latencyMs: 100,
      firstTokenMs: null,
      createdAt: 1_700_000_000_000,
    };
    const invalid: Array<[string, Partial<StoredResponse>]> = [
      ['negative prompt tokens', { promptTokens: -5_000_000 }],
      ['negative completion tokens', { completionTokens: -1 }],
      ['non-integer prompt tokens', { promptTokens: 3.5 }],
      ['huge completion tokens', { completionTokens: 1e12 }],
      ['beyond safe integers', { promptTokens: 2 ** 60 }],
      ['negative cached tokens', { cachedTokens: -3 }],
      ['negative latency', { latencyMs: -1 }],
      ['infinite latency', { latencyMs: Number.POSITIVE_INFINITY }],
      ['negative first-token time', { firstTokenMs: -0.5 }],
      ['texts that are not JSON', { texts: '["x"' }],
      ['texts that are not strings', { texts: '[1, 2]' }],
      ['texts that are not an array', { texts: '"x"' }],
    ];
    const db = new Database(path);
    const insert = db.prepare(
      `INSERT INTO responses (key, model, texts, prompt_tokens, completion_tokens, cached_tokens, latency_ms, first_token_ms, created_at, checksum)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const put = (key: string, row: StoredResponse) =>
      insert.run(key, row.model, row.texts, row.promptTokens, row.completionTokens, row.cachedTokens, row.latencyMs, row.firstTokenMs, row.createdAt, responseChecksum(key, row));
    put('valid', valid);
    for (const [name, change] of invalid) put(name, { ...valid, ...change });
    db.close();

    const cache = ResponseCache.open(path, quiet());
    expect(cache.get('valid')).toEqual({ texts: ['x'], usage: { promptTokens: 10, completionTokens: 5 }, model: 'm', latencyMs: 100, createdAt: 1_700_000_000_000 });
    for (const [name] of invalid) expect(cache.get(name), name).toBeUndefined();
    expect(cache.counts().corrupt).toBe(invalid.length);
    // One warning for the first damaged entry, not one per entry.
    expect(warnings).toHaveLength(1);
    cache.close();
  });

  it('refuses to store a response with invalid numbers, and the caller still gets it', async () => {
    const cache = ResponseCache.open(':memory:', quiet());
    expect(cache.put('k', { ...response, usage: { promptTokens: -5, completionTokens: 1 } })).toBe(false);
    expect(cache.put('k2', { ...response, latencyMs: Number.NaN })).toBe(false);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.counts()).toEqual({ corrupt: 0, readsSkipped: 0, writesSkipped: 2 });

    const inner = new CountingChatModel();
    inner.chat = async () => ({ ...response, usage: { promptTokens: 1.5, completionTokens: 2 }, cached: false, retries: 0 });
    const answer = await withCache(inner, cache).chat(request(1));
    expect(answer.texts).toEqual(response.texts);
    expect(cache.counts().writesSkipped).toBe(3);
    expect(cache.stats().entries).toBe(0);
    cache.close();
  });

  it('an edited embedding vector is a counted miss and is re-embedded', async () => {
    const path = join(dir, 'cache.sqlite');
    const inner = new CountingChatModel();
    const cache = ResponseCache.open(path, quiet());
    const model = withCache(inner, cache);
    const [first] = await model.embed({ texts: ['alpha'] });
    expect(edit(path, 'UPDATE embeddings SET vector = ?', Buffer.from(Float64Array.from([1, 2, 3]).buffer))).toBe(1);
    const [second] = await model.embed({ texts: ['alpha'] });
    expect(second).toEqual(first);
    expect(inner.embedCalls).toBe(2);
    expect(cache.counts().corrupt).toBe(1);
    await model.embed({ texts: ['alpha'] });
    expect(inner.embedCalls).toBe(2);

    // A vector of non-finite numbers is refused even with a matching checksum.
    const blob = Buffer.from(Float64Array.from([Number.NaN, 1]).buffer);
    edit(path, 'INSERT INTO embeddings (key, vector, created_at, checksum) VALUES (?, ?, ?, ?)', 'nan', blob, 1, embeddingChecksum('nan', blob));
    expect(cache.getEmbedding('nan')).toBeUndefined();
    expect(cache.counts().corrupt).toBe(2);
    cache.close();
  });
});

/** Deterministic garbage (xorshift32), so the damage and the test's outcome are the same every run. */
function garbage(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

describe('a file whose pages were overwritten with garbage (header intact)', () => {
  it('bytes of a stored answer changed in the file (SQLite sees a well-formed row) are caught by the checksum', async () => {
    const path = join(dir, 'bytes.sqlite');
    const cache = ResponseCache.open(path, quiet());
    const writer = new CountingChatModel();
    const expected = await withCache(writer, cache).chat(request(5));
    cache.close(); // checkpoints the WAL into the file

    // Same length, so the record stays well-formed: only the content differs.
    const bytes = readFileSync(path);
    const at = bytes.indexOf('what is 5 + 5?)#');
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf('what is 5 + 5?)#', at + 1)).toBe(-1);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from('what is 5 + 6?)#'), 0, 16, at);
    closeSync(fd);
    // SQLite itself is satisfied: the edited text reads back.
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT texts FROM responses').pluck().get()).toContain('5 + 6');
    raw.close();

    const reopened = ResponseCache.open(path, quiet());
    const reader = new CountingChatModel();
    const answer = await withCache(reader, reopened).chat(request(5));
    expect(answer.texts).toEqual(expected.texts);
    expect(reader.chatCalls).toBe(1);
    expect(reopened.counts().corrupt).toBe(1);
    reopened.close();
  });

  it('never answers differently: every call gets the backend answer, damaged entries are counted misses', async () => {
    const path = join(dir, 'damaged.sqlite');
    const requests = Array.from({ length: 400 }, (_, i) => ({
      ...request(i),
      // About 1 KB per entry, so the entries span ~100 pages and the damage hits leaves and interior pages.
      messages: [{ role: 'user' as const, content: `Question number ${i}: ${'padding '.repeat(120)} what is ${i} + ${i}?` }],
    }));
    const writer = new CountingChatModel();
    const cache = ResponseCache.open(path, quiet());
    const expected = await Promise.all(requests.map((r) => withCache(writer, cache).chat(r)));
    cache.close();

    const size = statSync(path).size;
    expect(size).toBeGreaterThan(300 * 1024);
    // 80 KB of garbage over whole pages in the middle of the file; page 1 (the header and schema) is intact.
    const pageSize = 4096;
    const start = Math.floor(size / pageSize / 3) * pageSize;
    const fd = openSync(path, 'r+');
    writeSync(fd, garbage(80 * 1024, 12), 0, 80 * 1024, start);
    closeSync(fd);
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');

    let reopened: ResponseCache;
    try {
      reopened = ResponseCache.open(path, quiet());
    } catch (error) {
      // The other acceptable outcome: a named error (exit 2) that says which file to fix.
      expect(error).toBeInstanceOf(CacheFileError);
      expect((error as CacheFileError).message).toContain(path);
      return;
    }
    const reader = new CountingChatModel();
    const model = withCache(reader, reopened);
    const answers = [];
    for (const r of requests) answers.push(await model.chat(r));
    // Exactly the backend's answers, whatever the cache held.
    expect(answers.map((a) => a.texts)).toEqual(expected.map((a) => a.texts));
    expect(answers.map((a) => a.usage)).toEqual(expected.map((a) => a.usage));
    const misses = answers.filter((a) => !a.cached).length;
    expect(reader.chatCalls).toBe(misses);
    // The damage was seen and counted, not hidden.
    expect(misses).toBeGreaterThan(0);
    expect(reopened.counts().corrupt).toBeGreaterThan(0);
    expect(reopened.counts().corrupt + reopened.counts().readsSkipped).toBeLessThanOrEqual(misses);
    expect(warnings.some((w) => w.includes(path))).toBe(true);
    reopened.close();
  });

  it('a schema page overwritten with garbage is a named error at open, exit 2', () => {
    const path = join(dir, 'schema-damaged.sqlite');
    const cache = ResponseCache.open(path, quiet());
    cache.put('k', response);
    cache.close();
    const fd = openSync(path, 'r+');
    // Page 1 keeps its 100-byte header; the schema table after it is garbage.
    writeSync(fd, garbage(4096 - 100, 7), 0, 4096 - 100, 100);
    closeSync(fd);
    let caught: unknown;
    try {
      ResponseCache.open(path, quiet()).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CacheFileError);
    expect((caught as CacheFileError).exitCode).toBe(2);
    expect((caught as CacheFileError).message).toContain(path);
  });
});

describe('a cache file written before checksums (schema 1)', () => {
  function legacyCopy(): string {
    const path = join(dir, 'legacy.sqlite');
    copyFileSync(legacyFixture, path);
    return path;
  }

  it('opens without error and is migrated to the current schema', () => {
    const path = legacyCopy();
    const cache = ResponseCache.open(path, quiet());
    expect(cache.stats()).toEqual({ path, entries: 5, embeddings: 2 });
    cache.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT max(version) FROM schema_version').pluck().get()).toBe(CACHE_SCHEMA_VERSION);
    expect(CACHE_SCHEMA_VERSION).toBe(2);
    db.close();
    // Opening it again is a no-op.
    ResponseCache.open(path, quiet()).close();
  });

  it('replays its rows after checking their values, and backfills their checksums', async () => {
    const path = legacyCopy();
    const cache = ResponseCache.open(path, quiet());
    expect(checksumOf(path, 'legacy-full')).toBeNull();
    expect(cache.get('legacy-full')).toMatchObject(response);
    expect(cache.get('legacy-minimal')).toMatchObject({ texts: ['x'], usage: { promptTokens: 1, completionTokens: 2 }, model: 'm', latencyMs: 3 });
    expect(checksumOf(path, 'legacy-full')).toMatch(/^[0-9a-f]{64}$/);

    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    for (const i of [1, 2, 3]) {
      const hit = await model.chat(request(i));
      expect(hit.cached).toBe(true);
      expect(hit.texts).toEqual((await new CountingChatModel().chat(request(i))).texts);
    }
    expect(inner.chatCalls).toBe(0);
    expect(await model.embed({ texts: ['alpha', 'beta'] })).toEqual(await new CountingChatModel().embed({ texts: ['alpha', 'beta'] }));
    expect(inner.embedCalls).toBe(0);
    expect(cache.counts()).toEqual({ corrupt: 0, readsSkipped: 0, writesSkipped: 0 });
    cache.close();

    // Once backfilled, the row is protected like a new one.
    edit(path, `UPDATE responses SET texts = '["edited"]' WHERE key = 'legacy-full'`);
    const reopened = ResponseCache.open(path, quiet());
    expect(reopened.get('legacy-full')).toBeUndefined();
    expect(reopened.counts().corrupt).toBe(1);
    reopened.close();
  });

  it('a legacy row with invalid numbers is a counted miss and is replaced by the fresh answer', async () => {
    const path = legacyCopy();
    const key = requestCacheKey(new CountingChatModel(), request(2), {});
    expect(edit(path, 'UPDATE responses SET prompt_tokens = -5000000 WHERE key = ?', key)).toBe(1);
    const cache = ResponseCache.open(path, quiet());
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    const answer = await model.chat(request(2));
    expect(answer.cached).toBe(false);
    expect(answer.usage.promptTokens).toBeGreaterThan(0);
    expect(inner.chatCalls).toBe(1);
    expect(cache.counts().corrupt).toBe(1);
    expect((await model.chat(request(2))).cached).toBe(true);
    expect(checksumOf(path, key)).toMatch(/^[0-9a-f]{64}$/);
    cache.close();
  });
});
