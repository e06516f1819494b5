/**
 * Parallel teams (M1-Parallel) on the simulated backend: 1, 3 and 5 teams; early stop, majority,
 * llm and best-of-k (oracle); repeated vs diverse planning — accuracy, mean and p95 wall clock,
 * cost, each relative to one team; checks the issue's claims and writes the table into
 * docs/RESULTS-SIM.md (between markers, so other sections stay as they are). SIMULATED: the
 * sim's latency spread comes from its calibration and is not tuned here.
 *
 * Run: npx tsx bench/teams-table.ts [--tasks gsm8k,math] [--limit N] [--sim-time real|virtual]
 *        [--sim-scale 0.05] [--seed 0] [--queries-in-flight 8] [--topology cot] [--no-write]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import { runBenchmark } from '../eval/run-benchmark.ts';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { resolveTopology } from '../src/graph/named-topologies.ts';
import type { RunSummary } from '../src/graph/summarize-results.ts';
import { loadSimProfile, profilePath } from '../src/sim/sim-profile.ts';
import { samplingTemperature } from '../operators/operator.ts';
import { createPythonSandbox } from '../src/sandbox/python-sandbox.ts';
import { createSimChatModel } from '../src/sim/sim-chat-model.ts';
import { getTask } from '../src/tasks/registry.ts';
import type { Problem, Task } from '../src/tasks/task.ts';
import { teamMeta } from '../src/teams/team-meta.ts';
import { runTeamsBenchmark } from '../src/teams/run-teams-benchmark.ts';
import type { TeamsRunSummary } from '../src/teams/summarize-teams.ts';
import { type Aggregator, type PlanningMode, planningModes, resolveTeamsConfig, type TeamMode } from '../src/teams/teams-config.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: 'gsm8k,math' },
    limit: { type: 'string' },
    'sim-time': { type: 'string', default: 'real' },
    'sim-scale': { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '0' },
    'queries-in-flight': { type: 'string', default: '8' },
    topology: { type: 'string', default: 'cot' },
    'no-write': { type: 'boolean', default: false },
  },
});
const simTime = values['sim-time'] === 'virtual' ? 'virtual' : 'real';
const scale = Number(values['sim-scale']);
const seed = Number(values.seed);
const limit = values.limit === undefined ? undefined : Number(values.limit);
const queriesInFlight = Number(values['queries-in-flight']);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataFile = (task: string) => join(root, '..', 'shared', 'data', 'maas_splits', `${task}_test.jsonl`);
// Every configuration must see the same sim: the profile is read once and pinned for the whole run
// (each run builds its backend anew, and the profile file may change while a long bench runs).
const profileText = readFileSync(profilePath('gpt-4o-mini'), 'utf8');
const profileSha = createHash('sha256').update(profileText).digest('hex');
const profileVersion = loadSimProfile('gpt-4o-mini').version;
const rawDir = join(root, 'runs', 'teams-table');
mkdirSync(rawDir, { recursive: true });
const pinnedProfile = join(rawDir, `gpt-4o-mini-v${profileVersion}-${profileSha.slice(0, 12)}.json`);
writeFileSync(pinnedProfile, profileText);
// The limiter must not bind: queueing behind other queries would add latency no team caused.
const backend = backendOptionsSchema.parse({ llm: `sim:${pinnedProfile}`, seed, simTime, simScale: scale, concurrency: 1024, cache: false });

interface Row {
  task: string;
  teams: number;
  planning: PlanningMode | '—';
  mode: TeamMode | 'single';
  aggregator: Aggregator | '—';
  summary: RunSummary | TeamsRunSummary;
  seconds: number;
}

/** Wall-clock ms as seconds of the simulated model (real-time runs sleep latency x scale). */
const simSeconds = (ms: number) => (simTime === 'real' ? ms / scale : ms) / 1000;

async function runTask(taskName: string): Promise<Row[]> {
  const task = getTask(taskName);
  const dataset = await resolveDataset(task, { data: dataFile(taskName), limit });
  const topology = resolveTopology(values.topology, task.name);
  const rows: Row[] = [];
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const value = await work();
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`${taskName} · ${label}: ${seconds.toFixed(1)} s\n`);
    return [value, seconds];
  };
  // Warm-up, discarded: the first MATH calls load the CAS and JIT the sim on the event loop,
  // which would otherwise land as latency on whichever configuration runs first.
  await runBenchmark({ task, dataset: { ...dataset, problems: dataset.problems.slice(0, 16) }, topologyFor: () => topology, scheduler: 'layer', backend, queriesInFlight, runId: 'teams-table-warmup' });
  const [single, singleSeconds] = await timed('single', () =>
    runBenchmark({ task, dataset, topologyFor: () => topology, scheduler: 'layer', backend, queriesInFlight, runId: 'teams-table-single' }),
  );
  rows.push({ task: taskName, teams: 1, planning: '—', mode: 'single', aggregator: '—', summary: single.summary, seconds: singleSeconds });
  for (const teams of [1, 3, 5]) {
    for (const planning of planningModes) {
      if (planning === 'none' && teams === 1) continue; // that is the single run above
      const variants: Array<{ mode: TeamMode; aggregator?: Aggregator }> =
        teams === 1 ? [{ mode: 'early-stop' }] : [{ mode: 'early-stop' }, { mode: 'aggregate', aggregator: 'majority' }, { mode: 'aggregate', aggregator: 'llm' }, { mode: 'aggregate', aggregator: 'best-of-k' }];
      for (const variant of variants) {
        const config = resolveTeamsConfig({ teams, planning, mode: variant.mode, aggregator: variant.aggregator });
        const label = `${teams} teams ${planning} ${variant.mode}${variant.aggregator ? `(${variant.aggregator})` : ''}`;
        const [run, seconds] = await timed(label, () =>
          runTeamsBenchmark({ task, dataset, topology, scheduler: 'layer', config, backend, queriesInFlight, runId: 'teams-table' }),
        );
        rows.push({ task: taskName, teams, planning, mode: variant.mode, aggregator: variant.aggregator ?? '—', summary: run.summary, seconds });
      }
    }
  }
  return rows;
}

const perQuery = (summary: RunSummary) => summary.costUsd / Math.max(1, summary.n);
const isTeams = (summary: RunSummary | TeamsRunSummary): summary is TeamsRunSummary => 'strategy' in summary;
const cancelledTokens = (summary: RunSummary | TeamsRunSummary) => (isTeams(summary) ? summary.cancelledTokens.prompt + summary.cancelledTokens.completion : 0);
const pct = (x: number) => (x * 100).toFixed(2);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}`;
const ratio = (a: number, b: number) => (b === 0 ? '—' : `${(a / b).toFixed(2)}x`);

function table(rows: Row[]): string {
  const header = [
    'task', 'teams', 'planning', 'mode', 'accuracy %', 'Δ acc vs single (pts)', 'mean wall s', 'p95 wall s',
    'speedup vs single', 'speedup vs 1 team, same planning', 'cost $/query', 'cost × single', 'cost × 1 team, same planning', 'cancelled tok/query',
    'answer from team 1/2/…/N (%)',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const single = rows.find((r) => r.task === row.task && r.mode === 'single')!.summary;
    const planned = oneTeam(rows, row.task, row.planning === '—' ? 'repeated' : row.planning);
    const s = row.summary;
    const mode = row.mode === 'aggregate' ? `aggregate: ${row.aggregator}${row.aggregator === 'best-of-k' ? ' (ORACLE)' : ''}` : row.mode;
    lines.push(
      `| ${[
        row.task, row.mode === 'single' ? '1 (no plan)' : String(row.teams), row.planning, mode,
        pct(s.accuracy), row.mode === 'single' ? '—' : ((s.accuracy - single.accuracy) * 100).toFixed(2),
        simSeconds(s.wallMs.mean).toFixed(2), simSeconds(s.wallMs.p95).toFixed(2),
        ratio(single.wallMs.mean, s.wallMs.mean), ratio(planned.wallMs.mean, s.wallMs.mean),
        perQuery(s).toFixed(6), ratio(perQuery(s), perQuery(single)), ratio(perQuery(s), perQuery(planned)),
        (cancelledTokens(s) / Math.max(1, s.n)).toFixed(0),
        isTeams(s) ? s.winnerTeam.map((wins) => ((100 * wins) / Math.max(1, s.n)).toFixed(0)).join('/') : '—',
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** One team with the given planning; with no planning that is the single run. */
function oneTeam(rows: Row[], task: string, planning: PlanningMode): RunSummary {
  const match = (r: Row) => r.task === task && (planning === 'none' ? r.mode === 'single' : r.mode === 'early-stop' && r.teams === 1 && r.planning === planning);
  return rows.find(match)!.summary;
}

/** The issue's claims, checked per task, team count and planning mode; each line says what held and by how much. */
function claims(rows: Row[]): string[] {
  const out: string[] = [];
  const mark = (ok: boolean) => (ok ? 'HOLDS' : 'FAILS');
  for (const task of [...new Set(rows.map((row) => row.task))]) {
    const single = rows.find((r) => r.task === task && r.mode === 'single')!.summary;
    for (const planning of planningModes) {
      const planned = oneTeam(rows, task, planning);
      for (const teams of [3, 5]) {
        const find = (mode: TeamMode, aggregator: Aggregator | '—' = '—') => rows.find((r) => r.task === task && r.teams === teams && r.planning === planning && r.mode === mode && r.aggregator === aggregator)!.summary;
        const early = find('early-stop');
        const majority = find('aggregate', 'majority');
        const llm = find('aggregate', 'llm');
        const oracle = find('aggregate', 'best-of-k');
        const at = `${task}, ${teams} teams, ${planning}`;
        const wall = (s: RunSummary) => simSeconds(s.wallMs.mean).toFixed(2);
        out.push(`- ${at}: early stop not slower than one team on average — vs single ${mark(early.wallMs.mean <= single.wallMs.mean)} (${wall(early)} s vs ${wall(single)} s); vs one team with the same planning ${mark(early.wallMs.mean <= planned.wallMs.mean)} (vs ${wall(planned)} s)`);
        out.push(`- ${at}: early stop costs less than ${teams} teams run to the end (majority, k = ${teams}) — ${mark(perQuery(early) < perQuery(majority))} ($${perQuery(early).toFixed(6)} vs $${perQuery(majority).toFixed(6)} per query)`);
        // "Within 1 point" read both ways: a gain of more than a point is outside it, but is no loss.
        // The 1e-9 keeps an exact 1-point difference (e.g. 1 of 100) from failing on float error.
        const within = (a: RunSummary, b: RunSummary) => `${mark(Math.abs(a.accuracy - b.accuracy) <= 0.01 + 1e-9)}, no more than 1 point lower ${mark(a.accuracy - b.accuracy >= -0.01 - 1e-9)} (${signed(a.accuracy - b.accuracy)} pts)`;
        out.push(`- ${at}: early-stop accuracy within 1 point of one team — vs single ${within(early, single)}; vs one team with the same planning ${within(early, planned)}`);
        out.push(
          `- ${at}: aggregation at least as accurate as one team — vs single: majority ${mark(majority.accuracy >= single.accuracy)}, llm ${mark(llm.accuracy >= single.accuracy)}; ` +
            `vs one team with the same planning: majority ${mark(majority.accuracy >= planned.accuracy)}, llm ${mark(llm.accuracy >= planned.accuracy)} ` +
            `(majority ${pct(majority.accuracy)}, llm ${pct(llm.accuracy)}, single ${pct(single.accuracy)}, one team ${pct(planned.accuracy)})`,
        );
        out.push(`- ${at}: best-of-k bounds early stop, majority and llm — ${mark(oracle.accuracy >= Math.max(early.accuracy, majority.accuracy, llm.accuracy))} (${pct(oracle.accuracy)})`);
      }
    }
  }
  return out;
}

/** Independent CoT samples per question used to estimate how much accuracy moves by chance. */
const noiseSamples = 8;

/**
 * How far two runs of one CoT team on the same questions differ by sampling alone: with p_i the
 * chance that question i is answered right (estimated from independent samples in virtual time),
 * the SD of one run's accuracy is sqrt(sum p_i(1 - p_i)) / n, of the difference of two runs sqrt(2) times that.
 */
async function samplingNoise(task: Task, problems: readonly Problem[]): Promise<{ sdRun: number; sdDiff: number }> {
  const sandbox = createPythonSandbox();
  const sim = createSimChatModel({ profile: loadSimProfile(pinnedProfile), seed, sandbox });
  let variance = 0;
  for (const problem of problems) {
    const correct = await Promise.all(
      Array.from({ length: noiseSamples }, async (_, sampleIndex) => {
        const response = await sim.chat({ messages: task.prompts.cot(problem), temperature: samplingTemperature, sampleIndex, meta: teamMeta(task, problem, 'cot') });
        return (await task.grade(problem, response.texts[0] ?? '', { sandbox })).correct;
      }),
    );
    const p = correct.filter(Boolean).length / noiseSamples;
    variance += (p * (1 - p) * noiseSamples) / (noiseSamples - 1); // unbiased from few samples
  }
  const sdRun = Math.sqrt(variance) / problems.length;
  return { sdRun, sdDiff: Math.SQRT2 * sdRun };
}

const started = performance.now();
const rows: Row[] = [];
const noise: string[] = [];
for (const task of values.tasks.split(',').map((t) => t.trim()).filter(Boolean)) {
  rows.push(...(await runTask(task)));
  const taskDef = getTask(task);
  const { sdRun, sdDiff } = await samplingNoise(taskDef, (await resolveDataset(taskDef, { data: dataFile(task), limit })).problems);
  noise.push(`${task}: one run ±${(100 * sdRun).toFixed(2)} pts, difference of two runs ±${(100 * sdDiff).toFixed(2)} pts (1 SD)`);
}
const totalSeconds = (performance.now() - started) / 1000;

const ns = [...new Set(rows.map((row) => `${row.task} n = ${row.summary.n}`))].join(', ');
const block = [
  `SIMULATED backend (\`sim:gpt-4o-mini\`, profile v${profileVersion}, sha256 ${profileSha.slice(0, 12)}, seed ${seed}) — not a model's accuracy, latency or cost. ` +
    (simTime === 'real'
      ? `Real-time sim: every call sleeps its simulated latency x ${scale}; wall clock is measured and shown divided by ${scale} (seconds of the simulated model).`
      : 'Virtual time: latencies are simulated, nothing sleeps; early stop is applied by the timelines (see src/teams/run-teams-query.ts).'),
  `Topology per team: \`${values.topology}\`; MaAS test splits (${ns}${limit === undefined ? ', full splits' : `, first ${limit} rows (--limit)`}); ${queriesInFlight} queries in flight; ≤2 attempts per team; aggregate waits for k = N answers.`,
  `Machine: ${machineLine()}. Bench wall time: ${(totalSeconds / 60).toFixed(1)} min.`,
  `Command: \`npx tsx bench/teams-table.ts --tasks ${values.tasks} --sim-time ${simTime} --sim-scale ${scale} --seed ${seed} --queries-in-flight ${queriesInFlight}${limit === undefined ? '' : ` --limit ${limit}`}\``,
  `Sampling noise on the same questions (from ${noiseSamples} independent CoT samples per question): ${noise.join('; ')}. Accuracy differences within about twice that are chance.`,
  '',
  table(rows),
  '',
  'Claims (checked by the bench):',
  '',
  ...claims(rows),
].join('\n');

process.stdout.write(`${block}\n`);
writeFileSync(join(rawDir, `${simTime}.json`), `${JSON.stringify(rows, null, 2)}\n`);
if (!values['no-write']) writeSection(join(root, 'docs', 'RESULTS-SIM.md'), simTime, block);

/** Replaces this bench's block (per time mode) in the results file, or appends a Parallel teams section; nothing else is touched. */
function writeSection(file: string, mode: string, content: string): void {
  const begin = `<!-- teams-table:${mode}:begin -->`;
  const end = `<!-- teams-table:${mode}:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Results on the simulated backend\n\nEverything in this file comes from the seeded simulated backend (`sim:gpt-4o-mini`): SIMULATED, never a model\'s accuracy.\n';
  const marked = `${begin}\n${content}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  let next: string;
  if (from >= 0 && to > from) next = text.slice(0, from) + marked + text.slice(to + end.length);
  else if (text.includes('## Parallel teams')) next = `${text.trimEnd()}\n\n### Table (${mode} time)\n\n${marked}\n`;
  else next = `${text.trimEnd()}\n\n## Parallel teams (M1-Parallel) — SIMULATED\n\n### Table (${mode} time)\n\n${marked}\n`;
  writeFileSync(file, next);
}
