import { z } from 'zod';
import { resolveDataset } from '../../../eval/resolve-dataset.ts';
import { runBenchmark } from '../../../eval/run-benchmark.ts';
import { backendOptionsSchema } from '../../backend/backend-options.ts';
import { schedulers } from '../../graph/execution-plan.ts';
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
import { withRunDirLocks } from '../../util/run-dir-lock.ts';
import { createProgress } from '../progress.ts';
import { renderSummaryTable } from './render-summary.ts';

export const runOptionsSchema = backendOptionsSchema.extend({
  task: z.string({ error: 'is required (gsm8k, math or humaneval)' }),
  data: z.string().optional(),
  split: z.string().optional(),
  limit: z.coerce.number().int().positive().optional(),
  publicTests: z.string().optional(),
  topology: z.string().default('cot'),
  scheduler: z.enum(schedulers).default('layer'),
  final: z.enum(['majority', 'llm']).default('majority'),
  queriesInFlight: z.coerce.number().int().positive().default(4),
  strategy: z.enum(['single', 'teams']).default('single'),
  teams: z.coerce.number().int().positive().optional(),
  mode: z.enum(teamModes).optional(),
  k: z.coerce.number().int().positive().optional(),
  aggregator: z.enum(aggregators).optional(),
  planning: z.enum(planningModes).optional(),
  maxAttempts: z.coerce.number().int().positive().optional(),
  out: z.string().optional(),
  json: z.boolean().default(false),
});
export type RunOptions = z.infer<typeof runOptionsSchema>;

export interface RunCommandResult {
  summary: RunSummary | TeamsRunSummary;
  out?: string;
  /** Some trace rows could not be written: the command prints its summary, then exits 1. */
  incompleteTrace?: IncompleteTraceError;
}

/** Flags that only mean something with --strategy teams. */
const teamsFlags = ['teams', 'mode', 'k', 'aggregator', 'planning', 'maxAttempts'] as const;

export async function run(options: RunOptions): Promise<RunCommandResult> {
  // One writer per run directory: two runs would interleave results.jsonl and trace.jsonl.
  return options.out ? withRunDirLocks([options.out], () => runInto(options), { flag: '--out' }) : runInto(options);
}

async function runInto(options: RunOptions): Promise<RunCommandResult> {
  const task = getTask(options.task);
  const topology = withFinal(resolveTopology(options.topology, task.name), options.final);
  if (options.strategy === 'teams') return runTeams(options, task, topology);
  const stray = teamsFlags.find((flag) => options[flag] !== undefined);
  if (stray) throw new UsageError('only applies with --strategy teams', `--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  const dataset = await resolveDataset(task, options);
  const progress = createProgress(`run ${task.name}`, dataset.problems.length);
  const { summary, incompleteTrace } = await runBenchmark({
    task,
    dataset,
    topologyFor: () => topology,
    scheduler: options.scheduler,
    backend: options,
    queriesInFlight: options.queriesInFlight,
    out: options.out,
    runId: `run-${task.name}-seed${options.seed}`,
    onResult: () => progress.tick(),
  }).finally(() => progress.stop());
  return { summary, out: options.out, ...(incompleteTrace ? { incompleteTrace } : {}) };
}

/** `--strategy teams`: parallel teams on every query (src/teams). */
async function runTeams(options: RunOptions, task: ReturnType<typeof getTask>, topology: Topology): Promise<RunCommandResult> {
  const config = resolveTeamsConfig(options);
  const dataset = await resolveDataset(task, options);
  const progress = createProgress(`run ${task.name} (teams)`, dataset.problems.length);
  const { summary, incompleteTrace } = await runTeamsBenchmark({
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
  }).finally(() => progress.stop());
  return { summary, out: options.out, ...(incompleteTrace ? { incompleteTrace } : {}) };
}

/** `--final llm`: an LLM ScEnsemble over the last layer, as a layer of its own. */
function withFinal(topology: Topology, final: 'majority' | 'llm'): Topology {
  return final === 'llm' ? { layers: [...topology.layers, ['ScEnsemble']] } : topology;
}

export function renderRunResult(result: RunCommandResult): string {
  const teams = 'strategy' in result.summary ? `\n${renderTeamsSummary(result.summary)}` : '';
  return renderSummaryTable([{ name: 'run', summary: result.summary }]) + teams + (result.out ? `\nrun directory: ${result.out}` : '');
}
