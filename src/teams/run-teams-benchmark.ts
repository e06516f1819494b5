import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Dataset } from '../../eval/resolve-dataset.ts';
import type { BackendOptions } from '../backend/backend-options.ts';
import { createBackend } from '../backend/create-llm-client.ts';
import type { Scheduler } from '../graph/execution-plan.ts';
import type { Topology } from '../graph/topology.ts';
import { MemoryTrace, type TraceSink, TraceWriter } from '../llm/trace-writer.ts';
import type { Task } from '../tasks/task.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { runTeamsQuery, type TeamsQueryResult } from './run-teams-query.ts';
import { summarizeTeams, type TeamsRunSummary } from './summarize-teams.ts';
import type { TeamsConfig } from './teams-config.ts';

export interface TeamsBenchmarkOptions {
  task: Task;
  dataset: Dataset;
  topology: Topology;
  scheduler: Scheduler;
  config: TeamsConfig;
  backend: BackendOptions;
  queriesInFlight: number;
  /** Run directory for summary.json, results.jsonl and trace.jsonl; none when undefined. */
  out?: string;
  runId: string;
  onResult?: (result: TeamsQueryResult) => void;
  signal?: AbortSignal;
}

export interface TeamsBenchmarkRun {
  summary: TeamsRunSummary;
  results: TeamsQueryResult[];
}

/** Sandboxed run time charged per run in virtual time (as eval/run-benchmark.ts charges it). */
const nominalToolMs = 100;

/** `lamas run --strategy teams`: every problem through parallel teams, summarised and written like a single-strategy run. */
export async function runTeamsBenchmark(options: TeamsBenchmarkOptions): Promise<TeamsBenchmarkRun> {
  const trace: TraceSink & { close?: () => void } = options.out ? TraceWriter.open(join(options.out, 'trace.jsonl')) : new MemoryTrace();
  const backend = createBackend(options.backend, trace);
  try {
    const limit = pLimit(options.queriesInFlight);
    const settled = await Promise.all(
      options.dataset.problems.map((problem) =>
        limit(async () => {
          if (backend.client.budget.exceeded || options.signal?.aborted) return null;
          const result = await runTeamsQuery({
            runId: options.runId,
            task: options.task,
            problem,
            topology: options.topology,
            scheduler: options.scheduler,
            llm: backend.client,
            sandbox: backend.sandbox,
            publicTests: options.dataset.publicTests,
            trace,
            signal: options.signal,
            nominalToolMs,
            config: options.config,
          });
          options.onResult?.(result);
          return result;
        }),
      ),
    );
    const results = settled.filter((result): result is TeamsQueryResult => result !== null);
    const summary = summarizeTeams(
      results,
      {
        task: options.task.name,
        backend: backend.label,
        simulated: backend.client.simulated,
        seed: options.backend.seed,
        scheduler: options.scheduler,
        budgetExceeded: backend.client.budget.exceeded,
      },
      options.config,
    );
    if (options.out) await writeRunDirectory(options.out, summary, results);
    return { summary, results };
  } finally {
    trace.close?.();
    backend.close();
  }
}

async function writeRunDirectory(out: string, summary: TeamsRunSummary, results: TeamsQueryResult[]): Promise<void> {
  const rows = results.map(({ operators: _operators, ...result }) => JSON.stringify(result));
  await writeFileAtomic(join(out, 'results.jsonl'), rows.length > 0 ? `${rows.join('\n')}\n` : '');
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
