import type { LlmCallRecord } from '../llm/call-record.ts';
import type { PriceTable } from '../llm/pricing.ts';
import type { OperatorRecord } from '../graph/operator-record.ts';

/** The error a call or operator cut at the cutoff carries, as a real abort would record it. */
export const stoppedError = 'LLM call cancelled';

/**
 * Virtual-time early stop: what a real abort at `cutoff` would have left of a call that ran on
 * the query's timeline from `start` to `end`. Virtual teams all run to their end (their order
 * in the event loop means nothing), so the stop is applied afterwards by the timelines:
 * - a call that started at or after the cutoff was never sent: it is dropped (null);
 * - a call that ended by the cutoff is kept whole;
 * - a call in flight at the cutoff is cancelled there: its prompt was sent and is paid in full,
 *   its completion is paid for the fraction of its duration that elapsed (the real-time sim
 *   charges a cancelled call exactly so), and it ends at the cutoff.
 * Times must already be on the query's timeline.
 */
export function truncateCall(record: LlmCallRecord, cutoff: number, prices: PriceTable): LlmCallRecord | null {
  if (record.start >= cutoff) return null;
  if (record.end <= cutoff) return record;
  const fraction = record.end > record.start ? (cutoff - record.start) / (record.end - record.start) : 1;
  const usage = { promptTokens: record.promptTokens, completionTokens: Math.floor(record.completionTokens * fraction) };
  const costUsd = prices.costUsd(record.model, usage);
  return {
    ...record,
    ...usage,
    costUsd,
    billedUsd: record.cacheHit ? 0 : costUsd,
    end: cutoff,
    latencyMs: cutoff - record.start,
    cancelled: true,
    error: stoppedError,
  };
}

/** The same cut for an operator row: dropped if it had not started, ended (and failed) at the cutoff if it was running. */
export function truncateOperator(record: OperatorRecord, cutoff: number): OperatorRecord | null {
  if (record.start >= cutoff) return null;
  if (record.end <= cutoff) return record;
  return { ...record, end: cutoff, failed: true, error: stoppedError };
}
