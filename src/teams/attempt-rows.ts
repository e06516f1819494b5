import type { OperatorRecord } from '../graph/operator-record.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import type { PriceTable } from '../llm/pricing.ts';
import type { UsageTotals } from '../llm/usage-ledger.ts';
import { attemptLabel, type TeamAttempt } from './team-attempt.ts';
import { truncateCall, truncateOperator } from './truncate-rows.ts';
import { usageLedgerOf } from './usage-ledger-of.ts';

/**
 * How rows reach the query's result and trace. Virtual time cuts them at the cutoff, as a real
 * abort would have (see truncate-rows.ts); real time already stopped what ran, so rows stay whole.
 */
export interface RowCut {
  virtual: boolean;
  cutoff: number;
  prices: PriceTable;
}

/** Call rows on the query's timeline, cut; a call that never started before the cutoff is gone. */
export function cutCalls(calls: readonly LlmCallRecord[], cut: RowCut): LlmCallRecord[] {
  return calls.map((call) => (cut.virtual ? truncateCall(call, cut.cutoff, cut.prices) : call)).filter(isPresent);
}

/**
 * An attempt's call and operator rows, moved from its own timeline onto the query's, labelled
 * with the attempt (`t1a0/L0.0:CoT`) and cut. An operator row cut in virtual time carries the usage
 * of its calls as cut.
 */
export function attemptRows(entry: TeamAttempt, cut: RowCut): { calls: LlmCallRecord[]; operators: OperatorRecord[] } {
  const label = attemptLabel(entry.team, entry.attempt);
  const placed = (entry.running?.rows.calls ?? []).map((call) => ({ ...call, operator: `${label}/${call.operator}`, start: call.start + entry.start, end: call.end + entry.start }));
  const calls = cutCalls(placed, cut);
  const usage = usageLedgerOf(calls).byOperator();
  const operators = (entry.running?.rows.operators ?? [])
    .map((record) => ({ ...record, node: `${label}/${record.node}`, start: record.start + entry.start, end: record.end + entry.start }))
    .map((record) => (cut.virtual ? truncateOperator(record, cut.cutoff) : record))
    .filter(isPresent)
    .map((record) => (cut.virtual ? withUsage(record, usage.get(record.node)) : record));
  return { calls, operators };
}

function withUsage(record: OperatorRecord, usage: UsageTotals | undefined): OperatorRecord {
  return {
    ...record,
    llmCalls: usage?.llmCalls ?? 0,
    promptTokens: usage?.promptTokens ?? 0,
    completionTokens: usage?.completionTokens ?? 0,
    costUsd: usage?.costUsd ?? 0,
  };
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}
