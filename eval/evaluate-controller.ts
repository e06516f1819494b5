import type { BackendOptions } from '../src/backend/backend-options.ts';
import { createBackend } from '../src/backend/create-llm-client.ts';
import { chooseTopology } from '../src/controller/choose-topology.ts';
import { checkBackendServesController } from '../src/backend/check-controller-models.ts';
import { loadController } from '../src/controller/load-controller.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import type { RunSummary } from '../src/graph/summarize-results.ts';
import type { IncompleteTraceError } from '../src/llm/trace-writer.ts';
import type { Task } from '../src/tasks/task.ts';
import { Random } from '../src/util/random.ts';
import type { Dataset } from './resolve-dataset.ts';
import { type BenchmarkRun, runBenchmark } from './run-benchmark.ts';
import { type Adaptivity, fixedTopologyFigures, topologySpread } from './adaptivity.ts';
import { parseTopology } from '../src/graph/parse-topology.ts';
import { Budget } from '../src/llm/budget.ts';
import { writeFileAtomic } from '../src/util/atomic-write.ts';
import { join } from 'node:path';
import { type RuleSetName, rulesOfUnnamedCheckpoint } from '../src/controller/rules/index.ts';

export interface EvaluateOptions {
  checkpoint: string;
  task: Task;
  dataset: Dataset;
  backend: BackendOptions;
  /** Highest-probability operators instead of sampling. */
  greedy: boolean;
  queriesInFlight: number;
  out?: string;
  onResult?: (result: QueryResult) => void;
  /** What a trace row that cannot be written does (runStrategy): count it (default) or stop the evaluation. */
  onTraceError?: 'count' | 'stop';
  /** Ctrl-C: stop, keeping the queries that finished (runStrategy); the run then has `interrupted`. */
  signal?: AbortSignal;
}

export interface EvaluationSummary extends RunSummary {
  greedy: boolean;
  /** How often each topology was chosen, most frequent first. */
  topologies: Record<string, number>;
  /** The rule set the controller chooses by (from its checkpoint). */
  rules: RuleSetName;
  /** Distinct topologies, their entropy, the most common one's share, and that one run on every query. */
  adaptivity: Adaptivity;
  /** Ctrl-C stopped the evaluation: the summary covers the queries that finished of `planned`. */
  partial?: true;
  planned?: number;
}

/** Runs a trained controller on a split: the `lamas run` summary plus the topology distribution. */
export async function evaluateController(
  options: EvaluateOptions,
): Promise<{ summary: EvaluationSummary; results: QueryResult[]; incompleteTrace?: IncompleteTraceError; interrupted?: true }> {
  // One --max-cost cap over both passes (the controller's and its most common topology's).
  const budget = new Budget(options.backend.maxCost);
  const { summary, results, rules, incompleteTrace, interrupted } = await runControllerPass(options, budget);
  const spread = topologySpread(results);
  const fixed: { figures: Adaptivity['mostCommonOnEvery']; skipped?: string } =
    results.length > 0 && !interrupted && !options.signal?.aborted ? await runMostCommon(options, spread.mostCommon, budget, summary.budgetExceeded) : { figures: null };
  const full = evaluationSummary(summary, results, { greedy: options.greedy, rules, fixed });
  // runStrategy wrote the run's summary without what is added here: the file says what the caller gets.
  if (options.out) await writeFileAtomic(join(options.out, 'summary.json'), `${JSON.stringify(full, null, 2)}\n`);
  return { summary: full, results, ...(incompleteTrace ? { incompleteTrace } : {}), ...(interrupted ? { interrupted } : {}) };
}

/**
 * The evaluation's first pass: the controller chooses each query's topology and the queries run
 * (the run directory written as `lamas run` writes it). A sharded evaluation (eval/queue/) runs it
 * on each shard of the split; each query's choice and result depend on that query only.
 */
export async function runControllerPass(options: EvaluateOptions, budget: Budget): Promise<BenchmarkRun & { rules: RuleSetName }> {
  // The encoder may need the backend (embeddings:); its calls are not part of the evaluation's cost.
  const encoderBackend = createBackend({ ...options.backend, maxCost: undefined });
  try {
    const { model, encoder, checkpoint } = await loadController(options.checkpoint, options.task.name, encoderBackend.client.model);
    checkBackendServesController(options.backend, checkpoint.spec);
    const features = await encoder.encode(options.dataset.problems.map((problem) => problem.question));
    const byId = new Map(options.dataset.problems.map((problem, i) => [problem.id, features[i]!]));
    const run = await runBenchmark({
      task: options.task,
      dataset: options.dataset,
      // A stream per query, so sampled topologies do not depend on which query ran first.
      topologyFor: (problem) => chooseTopology(model, byId.get(problem.id)!, options.greedy ? null : Random.derive(options.backend.seed, 'eval', problem.id)).topology,
      scheduler: 'layer',
      backend: options.backend,
      budget,
      queriesInFlight: options.queriesInFlight,
      out: options.out,
      runId: `eval-${options.task.name}`,
      onResult: options.onResult,
      onTraceError: options.onTraceError,
      signal: options.signal,
    });
    model.dispose();
    return { ...run, rules: checkpoint.spec.rules ?? rulesOfUnnamedCheckpoint };
  } finally {
    encoderBackend.close();
  }
}

/** The evaluation's summary from its first pass (summary and results) and the most common topology's figures. */
export function evaluationSummary(
  summary: RunSummary,
  results: readonly Pick<QueryResult, 'topology'>[],
  extra: { greedy: boolean; rules: RuleSetName; fixed: { figures: Adaptivity['mostCommonOnEvery']; skipped?: string } },
): EvaluationSummary {
  const adaptivity: Adaptivity = { ...topologySpread(results), mostCommonOnEvery: extra.fixed.figures, ...(extra.fixed.skipped ? { mostCommonSkipped: extra.fixed.skipped } : {}) };
  return { ...summary, greedy: extra.greedy, rules: extra.rules, topologies: topologyCounts(results), adaptivity };
}

/** The run of one fixed topology on every query of the split, unrecorded: the most common topology's pass. */
export function runFixedTopology(options: Omit<EvaluateOptions, 'checkpoint' | 'greedy'>, topology: string, budget: Budget): Promise<BenchmarkRun> {
  const fixed = parseTopology(topology);
  return runBenchmark({
    task: options.task,
    dataset: options.dataset,
    topologyFor: () => fixed,
    scheduler: 'layer',
    backend: options.backend,
    budget,
    queriesInFlight: options.queriesInFlight,
    runId: `eval-${options.task.name}-most-common`,
    signal: options.signal,
  });
}

/**
 * The most common topology run on every query, unrecorded (no --out files): the controller's
 * figures against it say what routing adds. A second pass over the split, paid from the
 * evaluation's budget: when --max-cost is reached (before it or during it) there are no figures,
 * and `skipped` says why, rather than figures over the queries it could pay for.
 */
async function runMostCommon(options: EvaluateOptions, topology: string, budget: Budget, capReached: boolean): Promise<{ figures: Adaptivity['mostCommonOnEvery']; skipped?: string }> {
  if (capReached) return { figures: null, skipped: '--max-cost was reached during the evaluation: the most common topology was not run on every query' };
  const run = await runFixedTopology(options, topology, budget);
  if (run.summary.budgetExceeded) return { figures: null, skipped: `--max-cost was reached while the most common topology ran on every query (it shares the evaluation's budget): no figures` };
  return { figures: run.interrupted ? null : fixedTopologyFigures(topology, run.summary) };
}

function topologyCounts(results: readonly Pick<QueryResult, 'topology'>[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.topology, (counts.get(result.topology) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

