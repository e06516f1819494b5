import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';

/**
 * Issue 12 part 5, end to end: a damaged or edited LLM cache never changes a run's answers. The
 * damaged entries are re-fetched from the backend, counted in the summary (cacheCorrupt), and
 * said once on stderr; a file that cannot be opened at all is a named error, exit 2.
 */

const dir = mkdtempSync(join(tmpdir(), 'lamas-cache-damage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Summary = Record<string, unknown> & { llmCalls: number; cacheHits: number; cacheCorrupt: number; cacheWritesSkipped: number; accuracy: number; failures: number };

async function run(cache: string, args: string[]): Promise<{ code: number; summary: Summary; stderr: string }> {
  const result = await runCli(['run', '--task', 'gsm8k', ...args, '--cache', cache, '--json']);
  return { code: result.code, summary: (result.stdout === '' ? {} : JSON.parse(result.stdout)) as Summary, stderr: result.stderr };
}

function cacheWarnings(stderr: string, path: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith(`lamas: warning: LLM cache ${path}`));
}

/** The fields a cache is allowed to change: what was replayed, re-fetched or skipped, and what was paid. */
function withoutCacheFields(summary: Summary): Record<string, unknown> {
  const { cacheHits: _h, cacheCorrupt: _c, cacheReadsSkipped: _r, cacheWritesSkipped: _w, billedUsd: _b, ...rest } = summary;
  return rest;
}

describe('lamas run on a damaged cache', () => {
  it('answers edited in the file are re-fetched: same summary as a fresh run, each counted in cacheCorrupt, one warning', async () => {
    const cache = join(dir, 'edited.sqlite');
    const args = ['--limit', '6', '--topology', 'cot'];
    const fresh = await run(cache, args);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.summary.cacheHits).toBe(0);
    expect(fresh.summary.cacheCorrupt).toBe(0);
    expect(fresh.summary.cacheReadsSkipped).toBe(0);
    expect(fresh.summary.cacheWritesSkipped).toBe(0);

    // Every stored answer and token count edited behind the cache's back (a real file, edited).
    const db = new Database(cache);
    const edited = db.prepare(`UPDATE responses SET texts = '["The answer is 0."]', prompt_tokens = -5000000`).run().changes;
    db.close();
    expect(edited).toBe(fresh.summary.llmCalls);

    const damaged = await run(cache, args);
    expect(damaged.code, damaged.stderr).toBe(0);
    expect(damaged.summary.cacheCorrupt).toBe(edited);
    expect(damaged.summary).toEqual({ ...fresh.summary, cacheCorrupt: edited });
    expect(cacheWarnings(damaged.stderr, cache)).toHaveLength(1);

    // The re-fetched answers replaced the edited rows: the next run is all hits, same answers.
    const replayed = await run(cache, args);
    expect(replayed.summary.cacheHits).toBe(fresh.summary.llmCalls);
    expect(replayed.summary.cacheCorrupt).toBe(0);
    expect(withoutCacheFields(replayed.summary)).toEqual(withoutCacheFields(fresh.summary));
    expect(cacheWarnings(replayed.stderr, cache)).toHaveLength(0);
  });

  it('80 KB of pages overwritten with garbage (header intact): same answers and accuracy, damage counted — or a named error', async () => {
    const cache = join(dir, 'pages.sqlite');
    const args = ['--limit', '30', '--topology', 'cot-sc'];
    const fresh = await run(cache, args);
    expect(fresh.code, fresh.stderr).toBe(0);
    const whole = await run(cache, args);
    expect(whole.summary.cacheHits).toBe(fresh.summary.llmCalls);

    const damagedPath = join(dir, 'pages-damaged.sqlite');
    copyFileSync(cache, damagedPath);
    const size = statSync(damagedPath).size;
    expect(size).toBeGreaterThan(200 * 1024);
    const start = Math.floor(size / 4096 / 3) * 4096;
    const garbage = Buffer.alloc(80 * 1024);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = (i * 2654435761) >>> 24;
    const fd = openSync(damagedPath, 'r+');
    writeSync(fd, garbage, 0, garbage.length, start);
    closeSync(fd);

    const damaged = await run(damagedPath, args);
    if (damaged.code !== 0) {
      expect(damaged.code).toBe(2);
      expect(damaged.stderr).toContain(`lamas: LLM cache ${damagedPath}`);
      expect(damaged.stderr).not.toContain('unexpected failure');
      return;
    }
    // Not a silent 0.85 for 0.90: the answers, accuracy, failures and costs are the fresh run's.
    expect(withoutCacheFields(damaged.summary)).toEqual(withoutCacheFields(fresh.summary));
    expect(damaged.summary.failures).toBe(fresh.summary.failures);
    expect(damaged.summary.cacheCorrupt).toBeGreaterThan(0);
    expect(damaged.summary.cacheHits + damaged.summary.cacheCorrupt).toBeLessThanOrEqual(fresh.summary.llmCalls);
    expect(cacheWarnings(damaged.stderr, damagedPath).length).toBeGreaterThan(0);
  });

  it('a cache file that cannot be opened is a named error, exit 2, not a silent 0% run', async () => {
    const cache = join(dir, 'header.sqlite');
    const fresh = await run(cache, ['--limit', '2', '--topology', 'cot']);
    expect(fresh.code).toBe(0);
    const fd = openSync(cache, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, 0);
    closeSync(fd);
    const broken = await run(cache, ['--limit', '2', '--topology', 'cot']);
    expect(broken.code).toBe(2);
    expect(broken.summary).toEqual({});
    expect(broken.stderr).toMatch(new RegExp(`^lamas: LLM cache ${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not an SQLite database`, 'm'));
  });
});
