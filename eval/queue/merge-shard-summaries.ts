import type { QueryResult } from '../../src/graph/run-query.ts';
import { type RunSummary, summarizeResults } from '../../src/graph/summarize-results.ts';
import { modelUsage } from '../../src/graph/model-usage.ts';
import type { EvalShardResult } from './eval-shard-job.ts';

/** The shards' results in split order (each shard's are in its order, and the shards are contiguous). */
export const shardResults = (shards: readonly EvalShardResult[]): QueryResult[] => shards.flatMap((shard) => shard.results) as unknown as QueryResult[]; // rows the worker's runs made, checked by evalShardResultSchema

// Summary fields a run adds after the common ones that are not the provider's: the failed-call block (merged from the counts) and an interrupted run's (a shard is never interrupted).
const failureKeys = new Set(['failedCalls', 'failedCallShare', 'stopped', 'partial', 'planned']);
// A model's usage entry (modelUsage): recomputed from the results' operator records; what follows is its provider's.
const usageKeys = new Set(['backend', 'nodes', 'llmCalls', 'promptTokens', 'completionTokens', 'costUsd']);

/**
 * The summary the local run over the whole split would have written, from its shards'. Every common
 * figure (totals, accuracy, percentiles) is recomputed from the concatenated per-query results by
 * the same summarizeResults, so it is exact, not an average of averages; counts kept only by the
 * run (trace errors, cache events, calls and failed calls) are summed; a several-model `models`
 * block is recomputed from the results' operator records. A provider's own fields (replay's
 * recorded and synthesized counts) are counts: summed; a non-number field must agree between shards.
 */
export function mergeShardSummaries(shards: readonly EvalShardResult[]): RunSummary {
  const summaries = shards.map((shard) => shard.summary as unknown as RunSummary & Record<string, unknown>); // each a summary runStrategy made
  const first = summaries[0]!;
  for (const key of ['task', 'backend', 'simulated', 'seed', 'scheduler'] as const) {
    const other = summaries.find((summary) => summary[key] !== first[key]);
    if (other) throw new Error(`the shards ran with different ${key}s (${String(first[key])}, ${String(other[key])}): their workers differ`);
  }
  const sum = (pick: (summary: RunSummary) => number) => summaries.reduce((total, summary) => total + pick(summary), 0);
  const results = shardResults(shards);
  const common = summarizeResults(results, {
    task: first.task,
    backend: first.backend,
    simulated: first.simulated,
    seed: first.seed,
    scheduler: first.scheduler,
    budgetExceeded: summaries.some((summary) => summary.budgetExceeded),
    traceErrors: sum((summary) => summary.traceErrors),
    cache: { corrupt: sum((summary) => summary.cacheCorrupt), readsSkipped: sum((summary) => summary.cacheReadsSkipped), writesSkipped: sum((summary) => summary.cacheWritesSkipped) },
  });
  const merged: Record<string, unknown> = { ...common };
  for (const key of Object.keys(first)) {
    if (key in common || failureKeys.has(key)) continue;
    merged[key] = key === 'models' ? mergedModels(summaries.map((summary) => summary.models as Record<string, Record<string, unknown>>), results) : sumFields(summaries.map((summary) => summary[key]), key);
  }
  const calls = shards.reduce((total, shard) => total + shard.failureCounts.calls, 0);
  const failedCalls = shards.reduce((total, shard) => total + shard.failureCounts.failedCalls, 0);
  // As FailurePolicy.counts() gives them, over all the shards' calls.
  if (failedCalls > 0) Object.assign(merged, { failedCalls, failedCallShare: Math.round((failedCalls / calls) * 1e9) / 1e9 });
  return merged as unknown as RunSummary; // the common fields and the run's own, as runStrategy lays them out
}

function mergedModels(blocks: readonly Record<string, Record<string, unknown>>[], results: readonly QueryResult[]): Record<string, unknown> {
  const first = blocks[0]!;
  const declared = Object.entries(first).map(([name, entry]) => ({
    name,
    backend: String(entry.backend),
    summaryFields: () => Object.fromEntries(Object.keys(entry).filter((key) => !usageKeys.has(key)).map((key) => [key, sumFields(blocks.map((block) => block[name]?.[key]), `models.${name}.${key}`)])),
  }));
  return modelUsage(results, declared);
}

/** One provider field over the shards: numbers summed, nested objects field by field, anything else equal in every shard. */
function sumFields(values: readonly unknown[], path: string): unknown {
  const first = values[0];
  if (values.every((value) => typeof value === 'number')) return (values as number[]).reduce((a, b) => a + b, 0);
  if (values.every((value) => typeof value === 'object' && value !== null && !Array.isArray(value))) {
    const objects = values as Record<string, unknown>[];
    return Object.fromEntries(Object.keys(objects[0]!).map((key) => [key, sumFields(objects.map((object) => object[key]), `${path}.${key}`)]));
  }
  if (values.every((value) => JSON.stringify(value) === JSON.stringify(first))) return first;
  throw new Error(`summary field ${path} differs between shards and cannot be merged: ${values.map((value) => JSON.stringify(value)).join(', ')}`);
}
