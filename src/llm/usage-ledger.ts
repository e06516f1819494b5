import type { LlmCallRecord } from './call-record.ts';

export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  billedUsd: number;
  llmCalls: number;
  cacheHits: number;
  cancelledCalls: number;
  failedCalls: number;
}

/** The usage fields of a query result, in the order results and traces have always printed them. */
export function resultUsage(totals: UsageTotals): Pick<UsageTotals, 'costUsd' | 'billedUsd' | 'promptTokens' | 'completionTokens' | 'llmCalls' | 'cacheHits' | 'cancelledCalls'> {
  const { costUsd, billedUsd, promptTokens, completionTokens, llmCalls, cacheHits, cancelledCalls } = totals;
  return { costUsd, billedUsd, promptTokens, completionTokens, llmCalls, cacheHits, cancelledCalls };
}

export const emptyTotals = (): UsageTotals => ({
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
  billedUsd: 0,
  llmCalls: 0,
  cacheHits: 0,
  cancelledCalls: 0,
  failedCalls: 0,
});

export function addRecord(totals: UsageTotals, record: LlmCallRecord): UsageTotals {
  return {
    promptTokens: totals.promptTokens + record.promptTokens,
    completionTokens: totals.completionTokens + record.completionTokens,
    costUsd: totals.costUsd + record.costUsd,
    billedUsd: totals.billedUsd + record.billedUsd,
    llmCalls: totals.llmCalls + 1,
    cacheHits: totals.cacheHits + (record.cacheHit ? 1 : 0),
    cancelledCalls: totals.cancelledCalls + (record.cancelled ? 1 : 0),
    failedCalls: totals.failedCalls + (record.error !== undefined && !record.cancelled ? 1 : 0),
  };
}

export function sumTotals(parts: readonly UsageTotals[]): UsageTotals {
  return parts.reduce(
    (sum, part) => ({
      promptTokens: sum.promptTokens + part.promptTokens,
      completionTokens: sum.completionTokens + part.completionTokens,
      costUsd: sum.costUsd + part.costUsd,
      billedUsd: sum.billedUsd + part.billedUsd,
      llmCalls: sum.llmCalls + part.llmCalls,
      cacheHits: sum.cacheHits + part.cacheHits,
      cancelledCalls: sum.cancelledCalls + part.cancelledCalls,
      failedCalls: sum.failedCalls + part.failedCalls,
    }),
    emptyTotals(),
  );
}

/**
 * The calls of one query, handed to every call it makes through its scope. Usage is attributed
 * by construction, so concurrent queries can never mix (no diffing of a shared counter).
 */
export class UsageLedger {
  readonly records: LlmCallRecord[] = [];

  add(record: LlmCallRecord): void {
    this.records.push(record);
  }

  totals(): UsageTotals {
    return inCanonicalOrder(this.records).reduce(addRecord, emptyTotals());
  }

  byOperator(): Map<string, UsageTotals> {
    const out = new Map<string, UsageTotals>();
    for (const record of inCanonicalOrder(this.records)) out.set(record.operator, addRecord(out.get(record.operator) ?? emptyTotals(), record));
    return out;
  }
}

/**
 * The records in an order that does not depend on which concurrent call finished first: float
 * sums depend on their order (0.0011719499999999997 against 0.00117195 for the same five calls),
 * and a query's cost must be the same bytes however its calls were scheduled (a sharded eval is
 * compared with a local one byte for byte).
 */
function inCanonicalOrder(records: readonly LlmCallRecord[]): LlmCallRecord[] {
  return [...records].sort((a, b) => a.costUsd - b.costUsd || a.billedUsd - b.billedUsd);
}
