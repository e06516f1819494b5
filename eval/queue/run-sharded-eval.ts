import { join } from 'node:path';
import { resolveCheckpointDir } from '../../src/controller/checkpoint.ts';
import { writeRunDirectory } from '../../src/graph/run-strategy.ts';
import { writeFileAtomic } from '../../src/util/atomic-write.ts';
import { fixedTopologyFigures, topologySpread } from '../adaptivity.ts';
import { type EvaluateOptions, type EvaluationSummary, evaluationSummary } from '../evaluate-controller.ts';
import { awaitJobs, type JobSpec } from './await-jobs.ts';
import { checkpointDigest, type EvalShardJob, evalShardJob, evalShardJobId, type EvalShardResult, readShardResult, splitShards } from './eval-shard-job.ts';
import { EvalShardsFailedError } from './eval-shards-failed-error.ts';
import { jobBackend, jobDataset } from './job-inputs.ts';
import { mergeShardSummaries, shardResults } from './merge-shard-summaries.ts';
import { packFiles } from './point-files.ts';
import type { QueueSweepOptions } from './queue-options.ts';
import { rulesOfUnnamedCheckpoint } from '../../src/controller/rules/index.ts';

/** The local evaluation's options, but --max-cost (refused with --queue: no one cap holds over several machines). */
export interface ShardedEvalOptions extends Pick<EvaluateOptions, 'checkpoint' | 'task' | 'dataset' | 'backend' | 'greedy' | 'queriesInFlight' | 'out'> {
  queue: QueueSweepOptions;
  /** K ≥ 1, at most the split's size. */
  shards: number;
  onStage?: (stage: string) => void;
  /** Queries done over both passes (2 × the split), as the workers report them. */
  tick?: (queries: number) => void;
  /** Ctrl-C: stop waiting; the jobs stay on the queue, where the same command run again finds them. */
  signal?: AbortSignal;
}

/**
 * `lamas eval --queue URL --shards K`: the split cut into K contiguous shards, each a job that a
 * `lamas worker` runs through the local evaluation's own passes (run-eval-shard-job.ts), and the
 * shards merged here into the files the local `lamas eval` writes. The most common topology's pass
 * needs the whole split's topology distribution, which only the merged first pass gives: it is a
 * second round of K jobs, one per shard, whose per-query results are summarised as the local pass
 * summarises its own. Both rounds' figures are exact (each query's choice and result depend on
 * that query alone). Nothing is written until every shard of both rounds is in; undefined when
 * `signal` stopped the wait (nothing written).
 */
export async function runShardedEval(options: ShardedEvalOptions): Promise<EvaluationSummary | undefined> {
  const files = await packFiles(resolveCheckpointDir(options.checkpoint));
  const parts = splitShards(options.dataset.problems, options.shards);
  const job = (index: number, pass: EvalShardJob['pass']): JobSpec => {
    const data: EvalShardJob = {
      version: 1,
      task: options.task.name,
      shard: { index, count: parts.length },
      dataset: jobDataset({ file: options.dataset.file, problems: parts[index]! }),
      backend: jobBackend(options.backend),
      queriesInFlight: options.queriesInFlight,
      pass,
    };
    return { name: evalShardJob, id: evalShardJobId(data), data, work: parts[index]!.length };
  };
  const round = async (pass: EvalShardJob['pass'], name: string): Promise<EvalShardResult[] | undefined> => {
    const results: EvalShardResult[] = [];
    options.onStage?.(`${name}: ${parts.length} shard jobs on ${options.queue.url}, waiting for workers`);
    const failed = await awaitJobs(
      parts.map((_, index) => job(index, pass)),
      {
        ...options.queue,
        who: 'eval',
        tick: (queries) => options.tick?.(queries),
        signal: options.signal,
        onCompleted: async (index, value) => {
          results[index] = readShardResult(value);
          options.onStage?.(`${name}: shard ${index + 1}/${parts.length} done`);
        },
        onFailed: (failure) => options.onStage?.(`${name}: shard ${failure.index + 1}/${parts.length} failed: ${failure.error}`),
      },
    );
    if (failed.length > 0) throw new EvalShardsFailedError(failed, parts.length, name);
    return options.signal?.aborted ? undefined : results;
  };

  const chosen = await round({ kind: 'controller', checkpoint: { digest: checkpointDigest(files), files }, greedy: options.greedy }, 'the controller');
  if (!chosen) return undefined;
  const summary = mergeShardSummaries(chosen);
  const results = shardResults(chosen);
  const { mostCommon } = topologySpread(results);
  // As the local evaluation: no second pass over an empty split.
  const fixed = results.length === 0 ? undefined : await round({ kind: 'fixed', topology: mostCommon }, 'the most common topology');
  if (results.length > 0 && !fixed) return undefined;
  const figures = fixed ? fixedTopologyFigures(mostCommon, mergeShardSummaries(fixed)) : null;
  const full = evaluationSummary(summary, results, { greedy: options.greedy, rules: chosen[0]!.rules ?? rulesOfUnnamedCheckpoint, fixed: { figures } });
  if (options.out) {
    // The shards' traces in split order; the local run's rows are in the order their calls finished.
    await writeFileAtomic(join(options.out, 'trace.jsonl'), Buffer.concat(chosen.map((shard) => Buffer.from(shard.trace ?? '', 'base64'))));
    await writeRunDirectory(options.out, full, results);
  }
  return full;
}
