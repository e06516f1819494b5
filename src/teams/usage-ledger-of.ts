import type { LlmCallRecord } from '../llm/call-record.ts';
import { UsageLedger } from '../llm/usage-ledger.ts';

/**
 * A usage ledger over call rows as the query keeps them (cut at the cutoff in virtual time), so
 * the teams' totals, per-operator usage and per-attempt costs are the ledger's own accounting.
 */
export function usageLedgerOf(calls: readonly LlmCallRecord[]): UsageLedger {
  const ledger = new UsageLedger();
  for (const call of calls) ledger.add(call);
  return ledger;
}
