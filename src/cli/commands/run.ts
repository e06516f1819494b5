import type { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runBenchmark } from '../../../eval/run-benchmark.ts';
import { declaredModels } from '../../backend/model-declarations.ts';
import { checkModelsCoverTopology } from '../../backend/model-coverage.ts';
import { bindTopologyModels } from '../../graph/bind-models.ts';
import { resolveTopology } from '../../graph/named-topologies.ts';
import type { RunSummary } from '../../graph/summarize-results.ts';
import type { Topology } from '../../graph/topology.ts';
import type { IncompleteTraceError } from '../../llm/trace-writer.ts';
import { getTask } from '../../tasks/registry.ts';
import { renderTeamsSummary } from '../../teams/render-teams-summary.ts';
import { runTeamsBenchmark } from '../../teams/run-teams-benchmark.ts';
import type { TeamsRunSummary } from '../../teams/summarize-teams.ts';
import { aggregators, planningModes, resolveTeamsConfig, teamModes } from '../../teams/teams-config.ts';
import { UsageError } from '../../util/errors.ts';
import { prepareOutDir } from '../../util/existing-run.ts';
import { withOutputFlag } from '../../util/output-errors.ts';
import { withRunDirLocks } from '../../util/run-dir-lock.ts';
import { type InterruptedError, interruptedRun, withInterrupt } from '../interrupt.ts';
import { kebab } from '../flags.ts';
import { createProgress } from '../progress.ts';
import { renderSummaryTable } from './render-summary.ts';
import { withLlmCheck } from '../../backend/backend-options.ts';
import { runFlags } from '../command-options.ts';

export const runOptionsSchema = withLlmCheck(runFlags);
export type RunOptions = z.infer<typeof runOptionsSchema>;

export interface RunCommandResult {
  summary: RunSummary | TeamsRunSummary;
  out?: string;
  /** Some trace rows could not be written: the command prints its summary, then exits 1. */
  incompleteTrace?: IncompleteTraceError;
  /** Ctrl-C stopped the run: the summary (marked partial) covers the queries that finished; exit 130. */
  interrupted?: InterruptedError;
}

/** Flags that only mean something with --strategy teams. */
const teamsFlags = ['teams', 'mode', 'k', 'aggregator', 'planning', 'maxAttempts'] as const;

export async function run(options: RunOptions): Promise<RunCommandResult> {
  const out = options.out;
  if (options.overwrite && !out) throw new UsageError('only applies with --out', '--overwrite');
  // One writer per run directory: two runs would interleave results.jsonl and trace.jsonl.
  return withInterrupt(({ signal }) => (out ? withOutputFlag('--out', out, () => withRunDirLocks([out], () => runInto(options, signal), { flag: '--out' })) : runInto(options, signal)));
}

/** Once the inputs are read: a previous run in --out is refused, or deleted with --overwrite (under the lock). */
function claimOut(options: RunOptions): void {
  if (options.out) prepareOutDir(options.out, { overwrite: options.overwrite });
}

async function runInto(options: RunOptions, signal: AbortSignal): Promise<RunCommandResult> {
  const task = getTask(options.task);
  const models = declaredModels(options);
  const topology = bindTopologyModels(withFinal(resolveTopology(options.topology, task.name), options.final), models.map((model) => model.name));
  checkModelsCoverTopology(models, task.name, topology);
  if (options.strategy === 'teams') return runTeams(options, task, topology, signal);
  const stray = teamsFlags.find((flag) => options[flag] !== undefined);
  if (stray) throw new UsageError('only applies with --strategy teams', `--${kebab(stray)}`);
  const dataset = await resolveDataset(task, options);
  claimOut(options);
  const progress = createProgress(`run ${task.name}`, dataset.problems.length);
  const { summary, incompleteTrace, interrupted } = await runBenchmark({
    task,
    dataset,
    topologyFor: () => topology,
    scheduler: options.scheduler,
    backend: options,
    queriesInFlight: options.queriesInFlight,
    out: options.out,
    runId: `run-${task.name}-seed${options.seed}`,
    onResult: () => progress.tick(),
    signal,
  }).finally(() => progress.stop());
  return { summary, out: options.out, ...(incompleteTrace ? { incompleteTrace } : {}), ...(interrupted ? { interrupted: interruptedRun(summary.n, dataset.problems.length, options.out) } : {}) };
}

/** `--strategy teams`: parallel teams on every query (src/teams). */
async function runTeams(options: RunOptions, task: ReturnType<typeof getTask>, topology: Topology, signal: AbortSignal): Promise<RunCommandResult> {
  const config = resolveTeamsConfig(options);
  const dataset = await resolveDataset(task, options);
  claimOut(options);
  const progress = createProgress(`run ${task.name} (teams)`, dataset.problems.length);
  const { summary, incompleteTrace, interrupted } = await runTeamsBenchmark({
    task,
    dataset,
    topology,
    scheduler: options.scheduler,
    config,
    backend: options,
    queriesInFlight: options.queriesInFlight,
    out: options.out,
    runId: `run-${task.name}-teams-seed${options.seed}`,
    onResult: () => progress.tick(),
    signal,
  }).finally(() => progress.stop());
  return { summary, out: options.out, ...(incompleteTrace ? { incompleteTrace } : {}), ...(interrupted ? { interrupted: interruptedRun(summary.n, dataset.problems.length, options.out) } : {}) };
}

/** `--final llm`: an LLM ScEnsemble over the last layer, as a layer of its own (on the first model). */
function withFinal(topology: Topology, final: 'majority' | 'llm'): Topology {
  if (final !== 'llm') return topology;
  return { layers: [...topology.layers, ['ScEnsemble']], ...(topology.models ? { models: [...topology.models, [undefined]] } : {}) };
}

export function renderRunResult(result: RunCommandResult): string {
  const teams = 'strategy' in result.summary ? `\n${renderTeamsSummary(result.summary)}` : '';
  return renderSummaryTable([{ name: 'run', summary: result.summary }]) + teams + (result.out ? `\nrun directory: ${result.out}` : '');
}
