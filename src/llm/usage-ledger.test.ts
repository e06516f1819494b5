import { describe, expect, it } from 'vitest';
import type { LlmCallRecord } from './call-record.ts';
import { UsageLedger } from './usage-ledger.ts';

const call = (operator: string, costUsd: number): LlmCallRecord => ({
  kind: 'llm', run: 'r', query: 'q', layer: 0, operator, model: 'm', promptTokens: 1, completionTokens: 2,
  costUsd, billedUsd: costUsd, start: 0, end: 1, latencyMs: 1, cacheHit: false, cancelled: false, retries: 0,
});

const ledgerOf = (records: LlmCallRecord[]) => {
  const ledger = new UsageLedger();
  for (const record of records) ledger.add(record);
  return ledger;
};

describe('UsageLedger', () => {
  it("gives the same totals, to the last bit, whichever of a query's concurrent calls finished first", () => {
    // (0.1 + 0.2) + 0.3 and (0.3 + 0.2) + 0.1 are different doubles: summing in arrival order would differ.
    expect((0.1 + 0.2) + 0.3).not.toBe((0.3 + 0.2) + 0.1);
    const calls = [call('A', 0.1), call('A', 0.2), call('B', 0.3)];
    const orders = [calls, [...calls].reverse(), [calls[1]!, calls[2]!, calls[0]!]];
    const totals = orders.map((order) => ledgerOf(order).totals());
    expect(new Set(totals.map((t) => t.costUsd)).size).toBe(1);
    expect(new Set(totals.map((t) => t.billedUsd)).size).toBe(1);
    expect(totals[0]).toMatchObject({ llmCalls: 3, promptTokens: 3, completionTokens: 6 });
    const byOperator = orders.map((order) => JSON.stringify([...ledgerOf(order).byOperator()].sort()));
    expect(new Set(byOperator).size).toBe(1);
  });
});
