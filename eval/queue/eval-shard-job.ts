import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../src/llm/cache/canonical-json.ts';
import { ruleSetNameSchema } from '../../src/controller/rules/index.ts';
import { jobId } from './job-id.ts';
import { jobBackendSchema, jobDatasetSchema, jobFiles } from './job-inputs.ts';

/** BullMQ job name of one shard of a sharded evaluation (either pass). */
export const evalShardJob = 'eval-shard';

const passSchema = z.discriminatedUnion('kind', [
  // The controller chooses each query's topology; its checkpoint travels with the job.
  z.object({ kind: z.literal('controller'), checkpoint: z.object({ digest: z.string().min(1), files: jobFiles }), greedy: z.boolean() }),
  // The evaluation's most common topology on every query of the shard (adaptivity.mostCommonOnEvery).
  z.object({ kind: z.literal('fixed'), topology: z.string().min(1) }),
]);

/** Everything a worker needs to run one shard of one pass of `lamas eval --shards K`, with no shared filesystem. */
export const evalShardJobSchema = z.object({
  version: z.literal(1),
  task: z.string().min(1),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().positive() }),
  dataset: jobDatasetSchema,
  backend: jobBackendSchema,
  queriesInFlight: z.number().int().positive(),
  pass: passSchema,
});
export type EvalShardJob = z.infer<typeof evalShardJobSchema>;

// A query's result as summaries need it (src/graph/run-query.ts QueryResult): the figures checked, the rest kept.
const queryResult = z.looseObject({
  id: z.string(),
  topology: z.string(),
  correct: z.boolean(),
  costUsd: z.number(),
  billedUsd: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  llmCalls: z.number(),
  cacheHits: z.number(),
  failures: z.number(),
  cancelledCalls: z.number(),
  cpTokens: z.number(),
  cpWallMs: z.number(),
  wallMs: z.number(),
  operators: z.array(z.looseObject({})).optional(),
});

/**
 * A finished shard: its queries' results in split order (with their operator records, which a
 * several-model summary sums), the summary the shard's run wrote, its LLM call counts, and (the
 * controller pass) the rule set and the shard's trace.jsonl.
 */
export const evalShardResultSchema = z.object({
  results: z.array(queryResult),
  summary: z.looseObject({}),
  failureCounts: z.object({ calls: z.number().int().min(0), failedCalls: z.number().int().min(0) }),
  rules: ruleSetNameSchema.optional(),
  trace: z.string().optional(),
});
export type EvalShardResult = z.infer<typeof evalShardResultSchema>;

/**
 * A job's result as read back from Redis: checked by evalShardResultSchema, its rows and summary kept
 * as they came (zod rebuilds an object with its schema's keys first, and results.jsonl and
 * summary.json are written in the run's own key order).
 */
export function readShardResult(value: unknown): EvalShardResult {
  const parsed = evalShardResultSchema.parse(value);
  const raw = value as Pick<EvalShardResult, 'results' | 'summary'>; // just checked
  return { ...parsed, results: raw.results, summary: raw.summary };
}

/** What a worker returns (results and summary as the run made them), read back through evalShardResultSchema. */
export interface EvalShardOutput {
  results: readonly object[];
  summary: object;
  failureCounts: EvalShardResult['failureCounts'];
  rules?: string;
  trace?: string;
}

/**
 * The split's K shards: contiguous runs of the problems in split order, sizes differing by at most
 * one, so the shards' results concatenated are the whole split's, in its order.
 */
export function splitShards<T>(problems: readonly T[], count: number): T[][] {
  return Array.from({ length: count }, (_, index) => problems.slice(Math.floor((index * problems.length) / count), Math.floor(((index + 1) * problems.length) / count)));
}

/** The digest of a checkpoint's packed files: the jobs of two different controllers never share an id. */
export const checkpointDigest = (files: Record<string, string>): string => createHash('sha256').update(canonicalJson(files)).digest('hex');

/** The id of a shard's job: a hash of its inputs (checkpoint digest, shard index and rows included) and the lamas version (job-id.ts). */
export function evalShardJobId(job: EvalShardJob, version?: string): string {
  // The checkpoint's files are in the id through their digest.
  const inputs = job.pass.kind === 'controller' ? { ...job, pass: { ...job.pass, checkpoint: job.pass.checkpoint.digest } } : job;
  return jobId('eval', inputs, version);
}
