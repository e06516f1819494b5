import type { CacheCounts } from '../llm/cache/index.ts';
import type { QueryResult } from './run-query.ts';

export interface Distribution {
  mean: number;
  p50: number;
  p95: number;
}

/** The summary JSON of DESIGN §5, plus what this implementation adds (after `seed`). */
export interface RunSummary {
  task: string;
  n: number;
  accuracy: number;
  /** USD of all calls at list price, cache hits included (what the graphs cost). */
  costUsd: number;
  promptTokens: number;
  completionTokens: number;
  llmCalls: number;
  cacheHits: number;
  /** Operator runs that failed; their queries went on without them. */
  failures: number;
  cpTokens: Distribution;
  cpWallMs: Distribution;
  wallMs: Distribution;
  backend: string;
  simulated: boolean;
  seed: number;
  /** USD actually paid this run: cache hits are free. */
  billedUsd: number;
  cancelledCalls: number;
  budgetExceeded: boolean;
  scheduler: string;
  /** Trace rows that could not be written (a full disk, say); the answers are unaffected, the trace is incomplete. */
  traceErrors: number;
  /** Cache entries found damaged (checksum, parse, invalid numbers, corrupt page): served as misses, re-fetched. */
  cacheCorrupt: number;
  /** Cache reads that could not be made (locked past the busy timeout, I/O): served as misses. */
  cacheReadsSkipped: number;
  /** Answers returned but not stored in the cache (locked, damaged file, invalid usage). */
  cacheWritesSkipped: number;
}

export interface SummaryContext {
  task: string;
  backend: string;
  simulated: boolean;
  seed: number;
  scheduler: string;
  budgetExceeded: boolean;
  traceErrors: number;
  /** The run's cache counts; none when it ran without a cache. */
  cache?: CacheCounts;
}

export function summarizeResults(results: readonly QueryResult[], context: SummaryContext): RunSummary {
  const sum = (pick: (result: QueryResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    task: context.task,
    n: results.length,
    accuracy: results.length === 0 ? 0 : sum((result) => (result.correct ? 1 : 0)) / results.length,
    costUsd: round(sum((result) => result.costUsd)),
    promptTokens: sum((result) => result.promptTokens),
    completionTokens: sum((result) => result.completionTokens),
    llmCalls: sum((result) => result.llmCalls),
    cacheHits: sum((result) => result.cacheHits),
    failures: sum((result) => result.failures),
    cpTokens: distribution(results.map((result) => result.cpTokens)),
    cpWallMs: distribution(results.map((result) => result.cpWallMs)),
    wallMs: distribution(results.map((result) => result.wallMs)),
    backend: context.backend,
    simulated: context.simulated,
    seed: context.seed,
    billedUsd: round(sum((result) => result.billedUsd)),
    cancelledCalls: sum((result) => result.cancelledCalls),
    budgetExceeded: context.budgetExceeded,
    scheduler: context.scheduler,
    traceErrors: context.traceErrors,
    cacheCorrupt: context.cache?.corrupt ?? 0,
    cacheReadsSkipped: context.cache?.readsSkipped ?? 0,
    cacheWritesSkipped: context.cache?.writesSkipped ?? 0,
  };
}

/** Mean and nearest-rank percentiles. */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { mean: 0, p50: 0, p95: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { mean: round(values.reduce((a, b) => a + b, 0) / values.length), p50: round(rank(0.5)), p95: round(rank(0.95)) };
}

/** Summaries are compared byte for byte across runs: fix float noise at 1e-9. */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
