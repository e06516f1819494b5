import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolveResult } from './solve-query.ts';
import { postJson, removeTrainedCheckpoints, startTestServer, trainTinyCheckpoint, virtualSim } from '../../test/fixtures/serve-test-server.ts';

/** Issue 12 part 5 in `lamas serve`: edited cache rows are re-fetched, the answer stands, /metrics counts them. */

const question = 'Tom has 3 apples and buys 5 more bags with 4 apples each. How many apples does he have now?';

describe('serve with a damaged LLM cache', () => {
  let checkpoint: string;
  const dir = mkdtempSync(join(tmpdir(), 'lamas-serve-cache-'));

  beforeAll(async () => {
    checkpoint = await trainTinyCheckpoint('gsm8k');
  });

  afterAll(() => {
    removeTrainedCheckpoints();
    rmSync(dir, { recursive: true, force: true });
  });

  async function metric(url: string, line: string): Promise<number> {
    const text = await (await fetch(`${url}/metrics`)).text();
    const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
    expect(found, `${line} in /metrics`).toBeDefined();
    return Number(found!.slice(line.length + 1));
  }

  async function solveOnce(cache: string): Promise<{ result: SolveResult; corrupt: number; writesSkipped: number }> {
    const { server, url } = await startTestServer(checkpoint, { backend: { ...virtualSim, cache } });
    try {
      const response = await postJson(`${url}/v1/solve`, { query: question });
      expect(response.status).toBe(200);
      const result = (await response.json()) as SolveResult;
      return {
        result,
        corrupt: await metric(url, 'lamas_llm_cache_events_total{event="corrupt"}'),
        writesSkipped: await metric(url, 'lamas_llm_cache_events_total{event="write_skipped"}'),
      };
    } finally {
      await server.close();
    }
  }

  it('answers as before and counts every edited entry in lamas_llm_cache_events_total', async () => {
    const cache = join(dir, 'serve.sqlite');
    const first = await solveOnce(cache);
    expect(first.corrupt).toBe(0);
    expect(first.writesSkipped).toBe(0);
    expect(first.result.cacheHits).toBe(0);

    const db = new Database(cache);
    const edited = db.prepare(`UPDATE responses SET texts = '["The answer is 0."]'`).run().changes;
    db.close();
    expect(edited).toBeGreaterThan(0);

    const second = await solveOnce(cache);
    expect(second.result.answer).toBe(first.result.answer);
    expect(second.result.failures).toBe(first.result.failures);
    expect(second.result.cacheHits).toBe(0);
    expect(second.corrupt).toBe(first.result.llmCalls);
    expect(second.corrupt).toBeLessThanOrEqual(edited);

    // Replaced by the fresh answers: a third server replays them all.
    const third = await solveOnce(cache);
    expect(third.result.answer).toBe(first.result.answer);
    expect(third.result.cacheHits).toBe(first.result.llmCalls);
    expect(third.corrupt).toBe(0);
  });
});
