/**
 * Puts the runs of bench/lamas-vs-maas.ts (one process per seed) together into the per-seed
 * tables of docs/RESULTS-SIM.md, from the run directories alone: eval/summary.json,
 * eval/results.jsonl, eval/trace.jsonl (what ran, for the free ScEnsembles and the effective
 * topologies), metrics.csv (forced generators) and bench-row.json (the most-common pass, train
 * q/s, wall time), and each checkpoint's greedy choice per test query (computed, nothing runs).
 * Runs made before bench-row.json existed take those from the bench's log (DIR:LOG), or the
 * most-common figures from <run>/most-common/summary.json.
 * Run: npx tsx bench/results-sim-tables.ts --task gsm8k DIR[:LOG]...
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { topologySpread } from '../eval/adaptivity.ts';
import { countFreeEnsembles, effectiveTopology } from '../eval/free-ensembles.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { createBackend } from '../src/backend/create-llm-client.ts';
import { chooseTopology } from '../src/controller/choose-topology.ts';
import { loadController } from '../src/controller/load-controller.ts';
import type { OperatorRecord } from '../src/graph/operator-record.ts';
import { topologyToString } from '../src/graph/topology.ts';
import { getTask } from '../src/tasks/registry.ts';

const { values, positionals } = parseArgs({ options: { task: { type: 'string', default: 'gsm8k' } }, allowPositionals: true });
const task = values.task!;
const variants = [
  { dir: '0', name: 'MaAS (λt = 0)', lambdaT: 0 },
  { dir: '0.005', name: 'LAMaS (λt = 0.005)', lambdaT: 0.005 },
  { dir: '0.005-nocp', name: 'LAMaS, no CP credit', lambdaT: 0.005 },
];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

interface Summary {
  seed: number;
  n: number;
  accuracy: number;
  costUsd: number;
  cpTokens: { mean: number; p95: number };
  cpWallMs: { mean: number };
  rules?: string;
  adaptivity?: { mostCommonOnEvery: { accuracy: number; cpTokensMean: number } | null };
}

// The greedy choice per test query, from the checkpoint alone (nothing runs): what `serve` and `--greedy` would route.
const testSet = await resolveDataset(getTask(task), { data: fileURLToPath(new URL(`../../shared/data/maas_splits/${task}_test.jsonl`, import.meta.url)) });
const encoderBackend = createBackend(backendOptionsSchema.parse({ cache: false }));
async function greedySpread(checkpoint: string) {
  const { model, encoder } = await loadController(checkpoint, task, encoderBackend.client.model);
  const features = await encoder.encode(testSet.problems.map((problem) => problem.question));
  const spread = topologySpread(features.map((x) => ({ topology: topologyToString(chooseTopology(model, x, null).topology) })));
  model.dispose();
  return spread;
}

async function variantRow(dir: string, log: string | undefined, variant: (typeof variants)[number]) {
  const run = join(dir, task, variant.dir);
  if (!existsSync(join(run, 'eval', 'summary.json'))) return null;
  const summary = JSON.parse(readFileSync(join(run, 'eval', 'summary.json'), 'utf8')) as Summary;
  // Summaries written before they named it: the checkpoint does.
  summary.rules ??= (JSON.parse(readFileSync(join(run, 'checkpoint', 'controller.json'), 'utf8')) as { spec: { rules?: string } }).spec.rules;
  const results = lines(join(run, 'eval', 'results.jsonl')).map((line) => JSON.parse(line) as { id: string; topology: string });
  const byQuery = new Map<string, OperatorRecord[]>();
  for (const line of lines(join(run, 'eval', 'trace.jsonl'))) {
    const row = JSON.parse(line) as OperatorRecord | { kind: string };
    if (row.kind !== 'operator') continue;
    const record = row as OperatorRecord;
    byQuery.set(record.query, [...(byQuery.get(record.query) ?? []), record]);
  }
  const ran = results.map((result) => ({ topology: effectiveTopology(byQuery.get(result.id) ?? []), operators: byQuery.get(result.id) ?? [] }));
  const metrics = lines(join(run, 'metrics.csv'));
  const forcedColumn = metrics[0]!.split(',').indexOf('forcedGenerators');
  const forced = Math.max(0, ...metrics.slice(1).map((line) => Number(line.split(',')[forcedColumn])));
  const benchRow = existsSync(join(run, 'bench-row.json')) ? (JSON.parse(readFileSync(join(run, 'bench-row.json'), 'utf8')) as { queriesPerSecond: number; wallSeconds: number }) : undefined;
  let fixed = summary.adaptivity?.mostCommonOnEvery ?? null;
  // A run of `lamas train` (not the bench) has its training figures in its own summary.json.
  const trained = existsSync(join(run, 'summary.json')) ? (JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as { training?: { queriesPerSecond: number } }).training : undefined;
  let queriesPerSecond = benchRow?.queriesPerSecond ?? trained?.queriesPerSecond ?? Number.NaN;
  if (!summary.adaptivity && log) {
    // The bench's table line for this variant: ... | train q/s | distinct | entropy | top share | acc / CP |
    const cells = readFileSync(log, 'utf8').split('\n').find((line) => line.startsWith(`| ${variant.name} |`))?.split('|').map((cell) => cell.trim());
    if (cells) {
      queriesPerSecond = Number(cells[8]);
      const [accuracy, cp] = cells[12]!.split('/').map((part) => Number(part.trim()));
      if (Number.isFinite(accuracy) && Number.isFinite(cp)) fixed = { accuracy: accuracy! / 100, cpTokensMean: cp! };
    }
  }
  // Else a separate `lamas run --topology <most common> --out <run>/most-common` of the same split and seed (the same pass).
  const separate = join(run, 'most-common', 'summary.json');
  if (!fixed && existsSync(separate)) {
    const mc = JSON.parse(readFileSync(separate, 'utf8')) as Summary;
    fixed = { accuracy: mc.accuracy, cpTokensMean: mc.cpTokens.mean };
  }
  const chosen = topologySpread(results);
  const effective = topologySpread(ran);
  const atLeast5 = (topologies: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const topology of topologies) counts.set(topology, (counts.get(topology) ?? 0) + 1);
    return [...counts.values()].filter((count) => count >= 0.05 * topologies.length).length;
  };
  return {
    ...variant,
    greedy: await greedySpread(join(run, 'checkpoint')),
    summary,
    chosen,
    effective,
    chosen5: atLeast5(results.map((result) => result.topology)),
    effective5: atLeast5(ran.map((query) => query.topology)),
    free: countFreeEnsembles(ran),
    forced,
    fixed,
    queriesPerSecond,
    wallSeconds: benchRow?.wallSeconds,
  };
}

const rows = [];
for (const arg of positionals) {
  const [dir, log] = arg.split(':');
  for (const variant of variants) {
    const row = await variantRow(dir!, log, variant);
    if (row) rows.push(row);
  }
}
encoderBackend.close();
if (rows.length === 0) throw new Error(`no finished ${task} runs in ${positionals.join(', ')}`);
console.log(`${task}, rules ${rows[0]!.summary.rules ?? '?'} (SIMULATED, sim:gpt-4o-mini)`);
console.log('| seed | variant | accuracy % | mean CP tokens | CP vs λt=0 | p95 CP | mean CP wall s | cost/query $ | train q/s | distinct topologies | entropy bits | top share | topologies ≥5% | top on every query: acc % / mean CP | forced gen. (train, max) | free ScEnsembles: queries ≥1 / ≥2 | effective (free ScEnsembles removed): distinct / entropy / top share / ≥5% | greedy: distinct / top share |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const s = row.summary;
  const base = rows.find((other) => other.summary.seed === s.seed && other.lambdaT === 0)?.summary;
  const cut = base ? (1 - s.cpTokens.mean / base.cpTokens.mean) * 100 : Number.NaN;
  const vs = row.lambdaT === 0 || !base ? '—' : `${cut >= 0 ? '-' : '+'}${Math.abs(cut).toFixed(1)}%`;
  const fixed = row.fixed ? `${(row.fixed.accuracy * 100).toFixed(2)} / ${row.fixed.cpTokensMean.toFixed(1)}` : '—';
  const e = row.effective;
  console.log(
    `| ${s.seed} | ${row.name} | ${(s.accuracy * 100).toFixed(2)} | ${s.cpTokens.mean.toFixed(1)} | ${vs} | ${s.cpTokens.p95.toFixed(0)} | ${(s.cpWallMs.mean / 1000).toFixed(2)} | ${(s.costUsd / s.n).toFixed(6)} | ${Number.isFinite(row.queriesPerSecond) ? row.queriesPerSecond.toFixed(1) : '—'} | ${row.chosen.distinctTopologies} | ${row.chosen.entropyBits.toFixed(2)} | ${pct(row.chosen.mostCommonShare)} | ${row.chosen5} | ${fixed} | ${row.forced} | ${pct(row.free.withFree / row.free.queries)} / ${pct(row.free.withTwoOrMore / row.free.queries)} | ${e.distinctTopologies} / ${e.entropyBits.toFixed(2)} / ${pct(e.mostCommonShare)} / ${row.effective5} | ${row.greedy.distinctTopologies} / ${pct(row.greedy.mostCommonShare)} |`,
  );
}
console.log('');
for (const row of rows) console.log(`top topologies, seed ${row.summary.seed}, ${row.name}: chosen ${pct(row.chosen.mostCommonShare)} ${row.chosen.mostCommon}; effective ${pct(row.effective.mostCommonShare)} ${row.effective.mostCommon}; greedy ${pct(row.greedy.mostCommonShare)} ${row.greedy.mostCommon}${row.wallSeconds === undefined ? '' : ` · ${row.wallSeconds.toFixed(0)} s`}`);
// The issue-14 goal, per seed: λt = 0.005 vs 0 cuts mean CP by >= 38% with accuracy at most 1 point lower.
for (const seed of [...new Set(rows.map((row) => row.summary.seed))]) {
  const base = rows.find((row) => row.summary.seed === seed && row.dir === '0')?.summary;
  const lamas = rows.find((row) => row.summary.seed === seed && row.dir === '0.005')?.summary;
  if (!base || !lamas) continue;
  const cut = (1 - lamas.cpTokens.mean / base.cpTokens.mean) * 100;
  const drop = (base.accuracy - lamas.accuracy) * 100;
  console.log(`goal, seed ${seed}: CP ${base.cpTokens.mean.toFixed(1)} -> ${lamas.cpTokens.mean.toFixed(1)} (${cut.toFixed(1)}% cut), accuracy ${(base.accuracy * 100).toFixed(2)} -> ${(lamas.accuracy * 100).toFixed(2)} (${drop >= 0 ? '-' : '+'}${Math.abs(drop).toFixed(2)} pts): ${cut >= 38 && drop <= 1 ? 'met' : 'NOT met'}`);
}
