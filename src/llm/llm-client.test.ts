import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimChatModel } from '../sim/sim-chat-model.ts';
import { loadSimProfile } from '../sim/sim-profile.ts';
import { startSimServer } from '../sim/sim-server.ts';
import { Budget } from './budget.ts';
import { ResponseCache, withCache } from './cache/index.ts';
import { CallLimiter } from './call-limiter.ts';
import type { ChatModel, ChatRequest } from './chat-model.ts';
import { LlmClient, type CallScope } from './llm-client.ts';
import { faults, startFaultServer } from '../../test/fixtures/fault-server.ts';
import { createOpenAIChatModel } from './openai/index.ts';
import { RealTimeline, VirtualTimeline } from './timeline.ts';
import { MemoryTrace } from './trace-writer.ts';
import { UsageLedger, sumTotals } from './usage-ledger.ts';
import { withLimits } from './with-limits.ts';

const profile = loadSimProfile('gpt-4o-mini');
const scopeFor = (query: string, virtual = true): CallScope => ({
  run: 'test',
  query,
  layer: 0,
  operator: 'CoT',
  ledger: new UsageLedger(),
  timeline: virtual ? new VirtualTimeline() : new RealTimeline(),
});
const request = (query: string, sampleIndex = 0): ChatRequest => ({
  messages: [{ role: 'user', content: `Question ${query}` }],
  temperature: 0.7,
  sampleIndex,
  meta: { task: 'gsm8k', queryId: query, role: 'cot', difficulty: 3, reference: '12' },
});

/** Counts calls that reach the backend. */
function counting(model: ChatModel): ChatModel & { calls: number } {
  const wrapped = { ...model, calls: 0, chat: async (r: ChatRequest) => (wrapped.calls++, model.chat(r)) };
  return wrapped;
}

describe('LlmClient accounting', () => {
  it('finishes 50 queries through faults with exactly the usage the server reported', async () => {
    const server = await startFaultServer((req) => {
      if (req.attemptForKey > 0) return faults.ok('The answer is 7.', { promptTokens: 20, completionTokens: 6 });
      const schedule = [faults.rateLimited(0), faults.serverError(), faults.drop(0), faults.stall(0)];
      const id = Number(/(\d+)$/.exec(req.key)?.[1] ?? 0);
      return id % 5 < 4 && id % 3 === 0 ? schedule[id % 4]! : faults.ok('The answer is 7.', { promptTokens: 20, completionTokens: 6 });
    });
    try {
      // Only the stalls may time out: a timeout short enough for a loaded machine to hit on a good
      // answer would make the server count usage the client gave up on (seen: 1000 vs 1140).
      const model = createOpenAIChatModel({ model: 'gpt-4o-mini', baseUrl: server.baseUrl, apiKey: 'x', timeoutMs: 3_000, backoff: { baseMs: 5, maxMs: 20 } });
      const trace = new MemoryTrace();
      const client = new LlmClient({ model: withLimits(model, new CallLimiter({ concurrency: 5 })), trace });
      const scopes = Array.from({ length: 50 }, (_, i) => scopeFor(`q${i}`, false));
      const answers = await Promise.all(scopes.map((scope, i) => client.chat(scope, { messages: [{ role: 'user', content: `query ${i}` }] })));
      expect(answers.every((answer) => answer.texts[0] === 'The answer is 7.')).toBe(true);
      const totals = sumTotals(scopes.map((scope) => scope.ledger.totals()));
      expect(totals.promptTokens).toBe(server.reportedUsage.promptTokens);
      expect(totals.completionTokens).toBe(server.reportedUsage.completionTokens);
      const retries = scopes.flatMap((scope) => scope.ledger.records).reduce((sum, record) => sum + record.retries, 0);
      expect(retries).toBe(server.requests.length - 50);
      expect(retries).toBeGreaterThan(5);
      expect(trace.rows).toHaveLength(50);
    } finally {
      await server.close();
    }
  });

  it('never has more than 3 calls in flight with a cap of 3, and per-query usage sums to the total', async () => {
    const sim = await startSimServer({ profile, seed: 4, time: 'real', scale: 0.02 });
    try {
      const model = createOpenAIChatModel({ model: 'gpt-4o-mini', baseUrl: sim.url, apiKey: 'x', forwardMeta: true });
      const trace = new MemoryTrace();
      const client = new LlmClient({ model: withLimits(model, new CallLimiter({ concurrency: 3 })), trace });
      const scopes = Array.from({ length: 10 }, (_, i) => scopeFor(`c${i}`, false));
      // Each query fans out three samples at once: 30 calls competing for 3 slots.
      await Promise.all(scopes.map((scope) => Promise.all([0, 1, 2].map((k) => client.chat(scope, request(scope.query, k))))));
      expect(sim.stats().chatRequests).toBe(30);
      expect(sim.stats().maxInFlight).toBe(3);
      const perQuery = scopes.map((scope) => scope.ledger.totals());
      const total = sumTotals(perQuery);
      const traced = (trace.rows as Array<{ promptTokens: number; completionTokens: number; query: string }>).reduce(
        (sum, row) => ({ p: sum.p + row.promptTokens, c: sum.c + row.completionTokens }),
        { p: 0, c: 0 },
      );
      expect(total.llmCalls).toBe(30);
      expect([total.promptTokens, total.completionTokens]).toEqual([traced.p, traced.c]);
      expect(perQuery.every((totals) => totals.llmCalls === 3)).toBe(true);
    } finally {
      await sim.close();
    }
  });

  describe('cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamas-client-cache-'));
    const caches: ResponseCache[] = [];
    afterAll(() => caches.forEach((cache) => cache.close()));

    async function run() {
      const inner = counting(createSimChatModel({ profile, seed: 5 }));
      const cache = ResponseCache.open(join(dir, 'llm.sqlite'));
      caches.push(cache);
      const client = new LlmClient({ model: withCache(inner, cache, { scope: 'seed=5' }) });
      const scopes = Array.from({ length: 8 }, (_, i) => scopeFor(`k${i}`));
      const texts = await Promise.all(scopes.map(async (scope) => (await Promise.all([0, 1, 2].map((k) => client.chat(scope, request(scope.query, k))))).map((r) => r.texts[0])));
      const totals = sumTotals(scopes.map((scope) => scope.ledger.totals()));
      const cp = scopes.map((scope) => scope.timeline.now());
      return { calls: inner.calls, texts, totals, cp };
    }

    it('a second identical run makes zero backend calls and yields the same answers, usage and cost', async () => {
      const first = await run();
      const second = await run();
      expect(first.calls).toBe(24);
      expect(second.calls).toBe(0);
      expect(second.texts).toEqual(first.texts);
      expect(new Set(first.texts.flat()).size).toBe(24); // 3 samples per query stay distinct
      expect(second.cp).toEqual(first.cp); // replayed latency keeps the timeline
      const { cacheHits, billedUsd } = second.totals;
      expect([second.totals.promptTokens, second.totals.completionTokens, second.totals.costUsd]).toEqual([first.totals.promptTokens, first.totals.completionTokens, first.totals.costUsd]);
      expect(cacheHits).toBe(24);
      expect(billedUsd).toBe(0);
      expect(first.totals.billedUsd).toBeCloseTo(first.totals.costUsd, 12);
    });
  });

  it('stops starting calls once the budget is spent and says so', async () => {
    const client = new LlmClient({ model: createSimChatModel({ profile, seed: 1 }), budget: new Budget(0.0003) });
    const scope = scopeFor('b');
    let made = 0;
    await expect(
      (async () => {
        for (let i = 0; i < 100; i++) {
          await client.chat(scope, request('b', i));
          made++;
        }
      })(),
    ).rejects.toMatchObject({ name: 'BudgetExceededError' });
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(100);
    expect(client.budget.exceeded).toBe(true);
    expect(client.budget.spentUsd).toBeGreaterThanOrEqual(0.0003);
  });

  it('records a cancelled call with its tokens so far', async () => {
    const client = new LlmClient({ model: createSimChatModel({ profile, seed: 1, time: 'real' }) });
    const scope = scopeFor('x', false);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(client.chat(scope, { ...request('x'), signal: controller.signal })).rejects.toMatchObject({ name: 'CallCancelledError' });
    const [record] = scope.ledger.records;
    expect(record).toMatchObject({ cancelled: true });
    expect(record!.promptTokens).toBeGreaterThan(0);
    expect(record!.costUsd).toBeGreaterThan(0);
  });
});
