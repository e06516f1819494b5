/**
 * How stable the sim's per-question outcomes are, beside the replay's recorded outputs (issue 14
 * item 4, issue 15 item 6). On one GSM8K file (default: the 1319 test questions) it runs Generate
 * and CoT through the library at each seed and prints, per profile:
 *   - seed flips: the share of questions Generate answers right at one seed and wrong at another;
 *   - the replay's figures on the sim's four "recordings" (Generate and CoT at the first two
 *     seeds, as gpt-4o-mini has direct and CoT, each recorded twice): the share whose outcome
 *     differs among the four, the all-wrong share, and direct-vs-CoT agreement (same correctness,
 *     per recording pair);
 * and, when ../shared/replay holds the Re2 gpt-4o-mini files, the same figures on them.
 *
 *   npx tsx bench/sim-outcome-consistency.ts [--profiles gpt-4o-mini-v2,gpt-4o-mini-v3]
 *       [--seeds 0,1,2,3,4] [--data ../shared/data/gsm8k/test.jsonl] [--replay-dir ../shared/replay]
 *
 * Sim figures are simulated (seeded, virtual time, no cache); replay figures are the recorded
 * outputs graded by their source's `score` field.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseSeedList } from '../eval/calibrate-sim.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import { runBenchmark } from '../eval/run-benchmark.ts';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { resolveTopology } from '../src/graph/named-topologies.ts';
import { getTask } from '../src/tasks/registry.ts';
import { consistencyFigures, flipShare, type ConsistencyFigures } from '../eval/outcome-consistency.ts';
import { loadRe2Recordings } from './re2-recordings.ts';

const { values } = parseArgs({
  options: {
    profiles: { type: 'string', default: 'gpt-4o-mini-v2,gpt-4o-mini-v3' },
    seeds: { type: 'string', default: '0,1,2,3,4' },
    data: { type: 'string', default: '../shared/data/gsm8k/test.jsonl' },
    'replay-dir': { type: 'string', default: '../shared/replay' },
  },
});
const seeds = parseSeedList(values.seeds);
if (seeds.length < 2) throw new Error('--seeds: give at least two seeds');
const task = getTask('gsm8k');
const dataset = await resolveDataset(task, { data: resolve(values.data) });

/** Correctness per question (dataset order) of one baseline at one seed. */
async function outcomes(profile: string, baseline: 'generate' | 'cot', seed: number): Promise<boolean[]> {
  const backend = backendOptionsSchema.parse({ llm: `sim:${profile}`, seed, simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: false });
  const topology = resolveTopology(baseline, task.name);
  const { results } = await runBenchmark({ task, dataset, topologyFor: () => topology, scheduler: 'layer', backend, queriesInFlight: 16, runId: `consistency-${baseline}-seed${seed}` });
  const byId = new Map(results.map((result) => [result.id, result.correct]));
  return dataset.problems.map((problem) => byId.get(problem.id) ?? false);
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const row = (label: string, accuracy: string, flips: string, f: ConsistencyFigures) =>
  `| ${label} | ${accuracy} | ${flips} | ${pct(f.differShare)} | ${pct(f.allWrongShare)} | ${f.agreement.map(pct).join(', ')} |`;
const lines = [
  `GSM8K, ${dataset.problems.length} questions (${values.data})`,
  '',
  `| source | Generate / CoT accuracy per seed | Generate flips across seeds ${seeds.join(',')} | outcome differs among the 4 recordings | wrong in all 4 | direct-vs-CoT agreement per pair |`,
  '|---|---|---:|---:|---:|---|',
];
for (const profile of values.profiles.split(',')) {
  const generate: boolean[][] = [];
  const cot: boolean[][] = [];
  for (const seed of seeds) {
    generate.push(await outcomes(profile, 'generate', seed));
    if (cot.length < 2) cot.push(await outcomes(profile, 'cot', seed));
    process.stderr.write(`${profile} seed ${seed} done\n`);
  }
  const accuracy = (run: boolean[]) => pct(run.filter(Boolean).length / run.length);
  const accuracies = `${generate.map(accuracy).join(' ')} / ${cot.map(accuracy).join(' ')}`;
  lines.push(row(`sim:${profile} (seeds ${seeds[0]},${seeds[1]} as the 2 recordings)`, accuracies, pct(flipShare(generate)), consistencyFigures([generate[0]!, generate[1]!], [cot[0]!, cot[1]!])));
}
const replayDir = resolve(values['replay-dir']);
if (existsSync(replayDir)) {
  const re2 = loadRe2Recordings(replayDir);
  // The GSM8K test index: the line of the full test file, or the number in a MaAS id (`gsm8k-test-598`).
  const ids = dataset.problems.map((problem) => {
    const match = /^(?:gsm8k-)?test-(\d+)$/.exec(problem.id);
    if (!match) throw new Error(`${values.data}: question id "${problem.id}" names no GSM8K test index, so it cannot be matched with the replay`);
    return Number(match[1]);
  });
  const pick = (run: boolean[]) => ids.map((index) => run[index]!);
  const direct = re2.direct.map(pick);
  const cot = re2.cot.map(pick);
  const accuracy = (run: boolean[]) => pct(run.filter(Boolean).length / run.length);
  lines.push(row('replay gpt-4o-mini (Re2: read once, read twice)', `${direct.map(accuracy).join(' ')} / ${cot.map(accuracy).join(' ')}`, '–', consistencyFigures(direct, cot)));
} else {
  lines.push(`(no ${replayDir}: replay figures left out)`);
}
process.stdout.write(`${lines.join('\n')}\n`);
