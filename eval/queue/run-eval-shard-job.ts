import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendOptions } from '../../src/backend/backend-options.ts';
import { Budget } from '../../src/llm/budget.ts';
import { getTask } from '../../src/tasks/registry.ts';
import { runControllerPass, runFixedTopology } from '../evaluate-controller.ts';
import { evalShardJobSchema, type EvalShardOutput } from './eval-shard-job.ts';
import { jobProblems } from './job-inputs.ts';
import { unpackFiles } from './point-files.ts';
import type { SweepJobHandle } from './run-sweep-job.ts';

/**
 * Runs one shard of a sharded evaluation through the local evaluation's own passes
 * (evaluate-controller.ts): the controller's, recorded into a temp run directory whose trace
 * travels back with the result, or the most common topology's, unrecorded. No --max-cost: a cap
 * over shards on several machines cannot be held (the eval command refuses it with --queue).
 */
export async function runEvalShardJob(job: Pick<SweepJobHandle, 'id' | 'data' | 'updateProgress'>, cache: BackendOptions['cache'], log: (line: string) => void): Promise<EvalShardOutput> {
  const data = evalShardJobSchema.parse(job.data);
  const label = `eval shard ${data.shard.index + 1}/${data.shard.count}${data.pass.kind === 'fixed' ? ' (most common topology)' : ''}`;
  const root = await mkdtemp(join(tmpdir(), 'lamas-job-'));
  try {
    log(`job ${job.id} (${label}): started`);
    let done = 0;
    const common = {
      task: getTask(data.task),
      dataset: { file: data.dataset.file, problems: jobProblems(data.dataset.problems) },
      backend: { ...data.backend, cache },
      queriesInFlight: data.queriesInFlight,
      onResult: () => {
        done += 1;
        // Progress only feeds the enqueuer's bar: sent without waiting, and a lost update is not an error.
        job.updateProgress(done).catch(() => undefined);
      },
    };
    let result: EvalShardOutput;
    // Told when done, so an operator (and the shared-cache test) sees what reached the backend.
    let calls = 0;
    let cached = 0;
    if (data.pass.kind === 'controller') {
      const checkpoint = join(root, 'checkpoint');
      await unpackFiles(checkpoint, data.pass.checkpoint.files, { atomic: false });
      const out = join(root, 'out');
      const run = await runControllerPass({ ...common, checkpoint, greedy: data.pass.greedy, out, onTraceError: 'stop' }, new Budget(undefined));
      ({ llmCalls: calls, cacheHits: cached } = run.summary);
      const trace = await readFile(join(out, 'trace.jsonl')).catch(() => Buffer.alloc(0));
      result = { results: run.results, summary: run.summary, failureCounts: run.failureCounts, rules: run.rules, trace: trace.toString('base64') };
    } else {
      const run = await runFixedTopology(common, data.pass.topology, new Budget(undefined));
      ({ llmCalls: calls, cacheHits: cached } = run.summary);
      // Only the figures travel back: the most common topology's pass writes no files.
      result = { results: run.results.map(({ operators: _operators, ...rest }) => rest), summary: run.summary, failureCounts: run.failureCounts };
    }
    log(`job ${job.id} (${label}): done (${calls} LLM calls, ${cached} answered by the cache)`);
    return result;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
