import type { LlmCallRecord } from '../llm/call-record.ts';
import type { TraceSink } from '../llm/trace-writer.ts';
import type { OperatorRecord } from '../graph/operator-record.ts';

export type TraceRow = LlmCallRecord | OperatorRecord;

/**
 * Keeps the trace rows of one team attempt (or of the planner and aggregator) in memory. The
 * query decides what reaches the run's trace only once it knows its cutoff: in virtual time a
 * loser's calls after the winner's end are cut there, as a real abort would have cut them.
 */
export class RowCollector implements TraceSink {
  readonly rows: TraceRow[] = [];

  write(row: object): void {
    const kind = (row as { kind?: unknown }).kind;
    if (kind === 'llm' || kind === 'operator') this.rows.push(row as TraceRow);
  }

  get calls(): LlmCallRecord[] {
    return this.rows.filter((row): row is LlmCallRecord => row.kind === 'llm');
  }

  get operators(): OperatorRecord[] {
    return this.rows.filter((row): row is OperatorRecord => row.kind === 'operator');
  }
}
