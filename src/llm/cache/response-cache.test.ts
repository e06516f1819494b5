import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LamasError } from '../../util/errors.ts';
import { CacheFileError, CacheSchemaError } from './cache-errors.ts';
import { CACHE_SCHEMA_VERSION, ResponseCache, type CacheableResponse } from './index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamas-cache-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const response: CacheableResponse = {
  texts: ['The answer is 4.', 'It is 4.'],
  usage: { promptTokens: 31, completionTokens: 12, cachedTokens: 16 },
  model: 'gpt-4o-mini-2024-07-18',
  latencyMs: 812.25,
  firstTokenMs: 402.5,
};

describe('ResponseCache', () => {
  it('round-trips a response with usage and latency across reopening', () => {
    const path = join(dir, 'nested', 'deeper', 'cache.sqlite');
    const before = Date.now();
    const cache = ResponseCache.open(path);
    expect(cache.put('k1', response)).toBe(true);
    cache.close();

    const reopened = ResponseCache.open(path);
    const hit = reopened.get('k1');
    expect(hit).toMatchObject(response);
    expect(hit?.usage).toStrictEqual(response.usage);
    expect(hit?.createdAt).toBeGreaterThanOrEqual(before);
    expect(reopened.get('missing')).toBeUndefined();
    expect(reopened.stats()).toEqual({ path, entries: 1, embeddings: 0 });
    reopened.close();
  });

  it('keeps optional fields absent when the server did not report them', () => {
    const cache = ResponseCache.open(':memory:');
    cache.put('k', { texts: ['x'], usage: { promptTokens: 1, completionTokens: 2 }, model: 'm', latencyMs: 3 });
    const hit = cache.get('k');
    expect(hit).toBeDefined();
    expect('firstTokenMs' in hit!).toBe(false);
    expect(hit!.usage).toStrictEqual({ promptTokens: 1, completionTokens: 2 });
    cache.close();
  });

  it('uses WAL journaling on a file', () => {
    const path = join(dir, 'wal.sqlite');
    ResponseCache.open(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps the first answer when a key is written twice', () => {
    const cache = ResponseCache.open(':memory:');
    expect(cache.put('k', response)).toBe(true);
    expect(cache.put('k', { ...response, texts: ['different'] })).toBe(false);
    expect(cache.get('k')?.texts).toEqual(response.texts);
    expect(cache.stats().entries).toBe(1);
    cache.close();
  });

  it('round-trips embeddings bit for bit', () => {
    const cache = ResponseCache.open(':memory:');
    const vector = [0.1, -2.5e-8, Math.PI, 0, 1 / 3];
    expect(cache.putEmbedding('e', vector)).toBe(true);
    expect(cache.getEmbedding('e')).toStrictEqual(vector);
    expect(cache.getEmbedding('other')).toBeUndefined();
    expect(cache.stats().embeddings).toBe(1);
    cache.close();
  });

  it('refuses a schema version newer than it supports, naming the file', () => {
    const path = join(dir, 'future.sqlite');
    ResponseCache.open(path).close();
    const db = new Database(path);
    db.prepare('UPDATE schema_version SET version = ?').run(CACHE_SCHEMA_VERSION + 1);
    db.close();

    let caught: unknown;
    try {
      ResponseCache.open(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CacheSchemaError);
    expect(LamasError.isInstance(caught)).toBe(true);
    const error = caught as CacheSchemaError;
    expect(error.path).toBe(path);
    expect(error.found).toBe(CACHE_SCHEMA_VERSION + 1);
    expect(error.message).toContain(path);
  });

  it('turns a garbage file into a typed error naming the path', () => {
    const path = join(dir, 'garbage.sqlite');
    writeFileSync(path, 'this is not an sqlite database, just text\n'.repeat(100));
    let caught: unknown;
    try {
      ResponseCache.open(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CacheFileError);
    expect((caught as CacheFileError).path).toBe(path);
    expect((caught as CacheFileError).message).toContain(path);
    expect((caught as CacheFileError).message).toMatch(/not an SQLite database/);
    expect((caught as CacheFileError).exitCode).toBe(2);
  });

  it('refuses to add its tables to an unrelated SQLite database', () => {
    const path = join(dir, 'someone-else.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    db.close();
    expect(() => ResponseCache.open(path)).toThrow(CacheFileError);
    const check = new Database(path, { readonly: true });
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    check.close();
    expect(tables).toEqual(['customers']);
  });

  it('reports a path that cannot be created as a typed error', () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    expect(() => ResponseCache.open(join(blocker, 'cache.sqlite'))).toThrow(CacheFileError);
  });

  it('refuses use after close with a typed error; closing twice is fine', () => {
    const cache = ResponseCache.open(':memory:');
    cache.close();
    cache.close();
    expect(() => cache.get('k')).toThrow(CacheFileError);
  });
});
