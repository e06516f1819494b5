import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../chat-model.ts';
import { withCache } from './cached-chat-model.ts';
import { CountingChatModel } from '../../../test/fixtures/llm-cache/counting-chat-model.ts';
import { ResponseCache } from './response-cache.ts';

/**
 * Issue 12 part 9: a cache locked by another process never discards a paid response. A write
 * that cannot get the lock within the busy timeout is skipped and counted, and the caller gets
 * the backend's answer; a read that cannot get it is a miss.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
let warnings: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamas-cache-lock-'));
  warnings = [];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A busy timeout far below the default 5 s, so a held lock is given up on quickly. */
const options = () => ({ busyTimeoutMs: 25, warn: (message: string) => warnings.push(message) });

function request(i: number): ChatRequest {
  return { messages: [{ role: 'user', content: `Question number ${i}: what is ${i} + ${i}?` }], temperature: 0, maxTokens: 128 };
}

describe('a cache locked by another connection', () => {
  it('returns the backend answer when the write lock is held, counts the skipped write, and stores again once released', async () => {
    const path = join(dir, 'cache.sqlite');
    const cache = ResponseCache.open(path, options());
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);

    const blocker = new Database(path);
    blocker.exec('BEGIN EXCLUSIVE');
    let answer;
    try {
      answer = await model.chat(request(1));
      // A second write while still locked is skipped too (without waiting again).
      await model.chat(request(2));
    } finally {
      blocker.exec('COMMIT');
      blocker.close();
    }
    expect(answer).toEqual(await new CountingChatModel().chat(request(1)));
    expect(inner.chatCalls).toBe(2);
    expect(cache.counts()).toEqual({ corrupt: 0, readsSkipped: 0, writesSkipped: 2 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path);
    expect(warnings[0]).toMatch(/locked/);
    expect(cache.stats().entries).toBe(0);

    // Released: the next miss is stored and then replayed.
    expect((await model.chat(request(1))).cached).toBe(false);
    expect((await model.chat(request(1))).cached).toBe(true);
    expect(inner.chatCalls).toBe(3);
    expect(cache.counts().writesSkipped).toBe(2);
    cache.close();
  });

  it('serves hits while another connection holds the write lock (WAL readers are not blocked)', async () => {
    const path = join(dir, 'cache.sqlite');
    const cache = ResponseCache.open(path, options());
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    await model.chat(request(1));

    const blocker = new Database(path);
    blocker.exec('BEGIN EXCLUSIVE');
    try {
      expect((await model.chat(request(1))).cached).toBe(true);
    } finally {
      blocker.exec('COMMIT');
      blocker.close();
    }
    expect(cache.counts()).toEqual({ corrupt: 0, readsSkipped: 0, writesSkipped: 0 });
    cache.close();
  });

  it('treats a read that finds the file locked as a miss, and still returns the answer', async () => {
    const path = join(dir, 'cache.sqlite');
    const cache = ResponseCache.open(path, options());
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);
    await model.chat(request(1));

    // Another connection's write lock does not block WAL readers (see above), so SQLITE_BUSY on a
    // read (SQLite can still return it, e.g. while another process recovers the WAL) is injected.
    const statements = (cache as unknown as { sql: { getResponse: { get: (key: string) => unknown } } }).sql;
    const real = statements.getResponse;
    statements.getResponse = {
      get: () => {
        statements.getResponse = real; // once: the write that follows finds the file free
        throw new Database.SqliteError('database is locked', 'SQLITE_BUSY');
      },
    };
    const answer = await model.chat(request(1));

    expect(answer.cached).toBe(false);
    expect(answer.texts).toEqual((await new CountingChatModel().chat(request(1))).texts);
    expect(inner.chatCalls).toBe(2);
    expect(cache.counts()).toEqual({ corrupt: 0, readsSkipped: 1, writesSkipped: 0 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/locked/);
    expect((await model.chat(request(1))).cached).toBe(true);
    cache.close();
  });

  it('returns the answer when another process holds an exclusive lock (child process)', async () => {
    const path = join(dir, 'cache.sqlite');
    const cache = ResponseCache.open(path, options());
    const inner = new CountingChatModel();
    const model = withCache(inner, cache);

    // A separate OS process holds the lock until we write a line to its stdin.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.exec('BEGIN EXCLUSIVE');
         process.stdout.write('locked\\n');
         process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); });`,
        path,
      ],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    holder.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => holder.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('locked\n')) resolve();
      });
      holder.on('close', () => reject(new Error(`lock holder exited early: ${stderr}`)));
    });

    let answer;
    try {
      answer = await model.chat(request(3));
    } finally {
      holder.stdin.write('go\n');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(answer.texts).toEqual((await new CountingChatModel().chat(request(3))).texts);
    expect(answer.cached).toBe(false);
    expect(cache.counts().writesSkipped).toBe(1);

    expect((await model.chat(request(3))).cached).toBe(false);
    expect((await model.chat(request(3))).cached).toBe(true);
    cache.close();
  });

  it('keeps the default 5 s busy timeout when no option is given', async () => {
    const path = join(dir, 'cache.sqlite');
    // The default busy timeout (5 s) is kept when no option is given.
    const cache = ResponseCache.open(path, { warn: (message: string) => warnings.push(message) });
    expect(cache.busyTimeoutMs).toBe(5_000);
    cache.close();
  });
});
