/**
 * Tables and Pareto plots for docs/RESULTS-MODELS.md from the runs of bench/mixed-models.ts
 * (report.json per controller run) and `lamas run --json` summaries of single-model fixed
 * topologies (<model>-<topology>.json). Reuses the sweep's pareto.svg code (eval/sweep): one plot
 * against mean CP tokens, one against cost (x = log10 of USD per query, the only change being the
 * axis title, since the models' prices are 40x apart).
 * Run: npx tsx bench/mixed-models-report.ts --single runs/mixres/single --mixed runs/mixres/mixed/gsm8k --task gsm8k [--svg docs/models-gsm8k]
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { normaliseSvgIds } from '../eval/sweep/normalise-svg-ids.ts';
import { paretoSpec } from '../eval/sweep/pareto-spec.ts';
import type { SweepRow } from '../eval/sweep/sweep-row.ts';
import { findReplayModel } from '../src/replay/replay-models.ts';
import { mean } from './machine.ts';

const { values } = parseArgs({ options: { single: { type: 'string' }, mixed: { type: 'string' }, task: { type: 'string', default: 'gsm8k' }, svg: { type: 'string' }, main: { type: 'string', default: 'mini+big-lt0.005-lc3' }, reference: { type: 'string', default: 'gpt-4o-mini' }, strong: { type: 'string', default: 'gpt-4' }, cheap: { type: 'string', default: 'gpt-4o-mini' }, 'plot-min-accuracy': { type: 'string', default: '0.7' } } });
// A single-model run's CP tokens are its own model's; a mixed run's are in the first model's time per token (DESIGN §11). To compare, single runs are rescaled the same way.
const tokensPerSecond = (name: string) => findReplayModel(name)?.latency.tokensPerSecond ?? Number.NaN;
const cpWeight = (model: string) => tokensPerSecond(values.reference!) / tokensPerSecond(model);

interface Fixed { model: string; topology: string; accuracy: number; cost: number; cp: number; p95: number; n: number; weight: number }
const fixed: Fixed[] = [];
if (values.single && existsSync(values.single)) {
  for (const file of readdirSync(values.single).filter((f) => f.endsWith('.json')).sort()) {
    const text = readFileSync(join(values.single, file), 'utf8').trim();
    if (text === '') continue;
    const s = JSON.parse(text);
    if (s.task !== values.task) continue;
    const [model, topology] = [s.backend.replace(/^replay:/, ''), file.replace(/\.json$/, '').slice(s.backend.replace(/^replay:/, '').length + 1)];
    fixed.push({ model, topology, accuracy: s.accuracy, cost: s.costUsd / s.n, cp: s.cpTokens.mean, p95: s.cpTokens.p95, n: s.n, weight: cpWeight(model) });
  }
}

interface Query { id: string; steps: number | null; correct: boolean; costUsd: number; cpTokens: number; topology: string; nodes: Record<string, number> }
interface Report { models: { name: string; backend: string }[]; lambdaT: number; lambdaC: number; seed: number; trainSeconds: number; evalSeconds: number; summary: { accuracy: number; costUsd: number; n: number; cpTokens: { mean: number; p95: number }; topologies: Record<string, number>; models: Record<string, { llmCalls: number; costUsd: number }> }; queries: Query[] }
const runs = new Map<string, Report[]>();
if (values.mixed && existsSync(values.mixed)) {
  for (const dir of readdirSync(values.mixed).sort()) {
    const file = join(values.mixed, dir, 'report.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    const key = dir.replace(/-s\d+$/, '');
    runs.set(key, [...(runs.get(key) ?? []), report]);
  }
}

const pct = (x: number) => (x * 100).toFixed(2);
const usd = (x: number) => x.toFixed(5);
const range = (xs: number[], f: (x: number) => string) => (xs.length > 1 ? ` (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '');

console.log(`### Single models, fixed topologies (${values.task} test, replayed real outputs, modeled latency)\n`);
console.log(`| model | topology | accuracy % | cost/query $ | mean CP tokens (own) | p95 CP tokens (own) | mean CP in ${values.reference} tokens |`);
console.log('|---|---|---|---|---|---|---|');
for (const row of fixed) console.log(`| ${row.model} | ${row.topology} | ${pct(row.accuracy)} | ${usd(row.cost)} | ${row.cp.toFixed(1)} | ${row.p95.toFixed(0)} | ${(row.cp * row.weight).toFixed(1)} |`);

console.log(`\n### Learned mixed-model controller (${values.task} test, replayed real outputs, modeled latency; mean over seeds, min–max in brackets)\n`);
console.log('| models | λt | λc | seeds | accuracy % | cost/query $ | mean CP tokens | LLM calls per model | cost per model | queries using the last model | top topologies | train s | eval s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const points: SweepRow[] = [];
for (const [key, reports] of runs) {
  const first = reports[0]!;
  const names = first.models.map((m) => m.name);
  const last = names[names.length - 1]!;
  const acc = reports.map((r) => r.summary.accuracy);
  const cost = reports.map((r) => r.summary.costUsd / r.summary.n);
  const cp = reports.map((r) => r.summary.cpTokens.mean);
  let usingLast = 0;
  let queries = 0;
  const topologies = new Map<string, number>();
  for (const report of reports) {
    for (const q of report.queries) {
      if ((q.nodes[last] ?? 0) > 0) usingLast++;
      queries++;
    }
    for (const [t, c] of Object.entries(report.summary.topologies)) topologies.set(t, (topologies.get(t) ?? 0) + c);
  }
  const top = [...topologies.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t, c]) => `${((c / queries) * 100).toFixed(0)}% \`${t}\``).join(' · ');
  const calls = Object.fromEntries(names.map((name) => [name, reports.reduce((a, r) => a + (r.summary.models[name]?.llmCalls ?? 0), 0)]));
  const spend = Object.fromEntries(names.map((name) => [name, reports.reduce((a, r) => a + (r.summary.models[name]?.costUsd ?? 0), 0)]));
  const callTotal = Object.values(calls).reduce((a, c) => a + c, 0);
  const spendTotal = Object.values(spend).reduce((a, c) => a + c, 0);
  const share = names.map((name) => `${name} ${((calls[name]! / Math.max(1, callTotal)) * 100).toFixed(1)}%`).join(', ');
  const costShare = names.map((name) => `${name} ${((spend[name]! / Math.max(1e-12, spendTotal)) * 100).toFixed(0)}%`).join(', ');
  console.log(`| ${first.models.map((m) => `${m.name}=${m.backend}`).join(', ')} | ${first.lambdaT} | ${first.lambdaC} | ${reports.map((r) => r.seed).join(',')} | ${pct(mean(acc))}${range(acc, pct)} | ${usd(mean(cost))}${range(cost, usd)} | ${mean(cp).toFixed(1)}${range(cp, (x) => x.toFixed(1))} | ${share} | ${costShare} | ${((usingLast / queries) * 100).toFixed(1)}% | ${top} | ${mean(reports.map((r) => r.trainSeconds)).toFixed(0)} | ${mean(reports.map((r) => r.evalSeconds)).toFixed(0)} |`);
  for (const r of reports) points.push(row(`${names.join('+')} λt=${first.lambdaT} λc=${first.lambdaC}`, 'controller', r.summary.accuracy, r.summary.costUsd / r.summary.n, r.summary.cpTokens.mean, r.summary.n, r.seed, first.lambdaT, first.lambdaC));
}

// Harder questions (more reference steps) and the strong model, pooled over the main setting's seeds.
const main = runs.get(values.main!);
if (main) {
  const names = main[0]!.models.map((m) => m.name);
  const last = names[names.length - 1]!;
  const bucketOf = (steps: number | null) => (steps === null ? 'unknown' : steps <= 2 ? '1–2' : steps >= 7 ? '7+' : String(steps));
  const buckets = new Map<string, { n: number; usingLast: number; correct: number; cost: number }>();
  for (const report of main) {
    for (const q of report.queries) {
      const b = buckets.get(bucketOf(q.steps)) ?? { n: 0, usingLast: 0, correct: 0, cost: 0 };
      b.n++;
      if ((q.nodes[last] ?? 0) > 0) b.usingLast++;
      b.correct += q.correct ? 1 : 0;
      b.cost += q.costUsd;
      buckets.set(bucketOf(q.steps), b);
    }
  }
  console.log(`\n### Which questions go to "${last}" (${values.main}, seeds ${main.map((r) => r.seed).join(',')} pooled; steps = lines of the reference solution)\n`);
  console.log(`| reference steps | queries (all seeds) | queries using ${last} | accuracy % | cost/query $ |`);
  console.log('|---|---|---|---|---|');
  for (const key of ['1–2', '3', '4', '5', '6', '7+', 'unknown']) {
    const b = buckets.get(key);
    if (!b) continue;
    console.log(`| ${key} | ${b.n} | ${((b.usingLast / b.n) * 100).toFixed(1)}% | ${pct(b.correct / b.n)} | ${usd(b.cost / b.n)} |`);
  }
  // Rank correlation-free check: mean steps of queries with and without the strong model.
  const all = main.flatMap((r) => r.queries).filter((q) => q.steps !== null);
  const withLast = all.filter((q) => (q.nodes[last] ?? 0) > 0).map((q) => q.steps!);
  const without = all.filter((q) => (q.nodes[last] ?? 0) === 0).map((q) => q.steps!);
  console.log(`\nmean reference steps: queries using ${last} ${mean(withLast).toFixed(2)} (n=${withLast.length}), the others ${mean(without).toFixed(2)} (n=${without.length})`);
}

// Issue 16's goal: (a) at least the strong model's best single-style (one call) accuracy at no more than half its cost, or
// (b) higher accuracy than every cheap-model topology at no more than the cost of one of them (the dearest).
const singleCall = (topology: string) => !/[,>]/.test(topology) && topology !== 'cot-sc';
const strongBest = fixed.filter((f) => f.model === values.strong && singleCall(f.topology)).sort((a, b) => b.accuracy - a.accuracy)[0];
const cheapRows = fixed.filter((f) => f.model === values.cheap);
const cheapBest = Math.max(...cheapRows.map((f) => f.accuracy));
const cheapDearest = Math.max(...cheapRows.map((f) => f.cost));
if (runs.size > 0 && fixed.length > 0) {
  console.log(`\n### The goal (issue 16), per setting: means over its seeds\n`);
  if (strongBest) console.log(`${values.strong}'s best single style: ${strongBest.topology} ${pct(strongBest.accuracy)}% at $${usd(strongBest.cost)}/query (half: $${usd(strongBest.cost / 2)}); ${values.cheap}'s best topology ${pct(cheapBest)}%, its dearest $${usd(cheapDearest)}/query\n`);
  console.log(`| setting | accuracy % | cost/query $ | (a) ≥ ${values.strong} best style at ≤ half its cost | (b) > every ${values.cheap} topology at ≤ its dearest cost | best fixed topology at ≤ this cost | its accuracy % |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const [key, reports] of runs) {
    const acc = mean(reports.map((r) => r.summary.accuracy));
    const cost = mean(reports.map((r) => r.summary.costUsd / r.summary.n));
    const a = strongBest !== undefined && acc >= strongBest.accuracy && cost <= strongBest.cost / 2;
    const b = cheapRows.length > 0 && acc > cheapBest && cost <= cheapDearest;
    const rival = fixed.filter((f) => f.cost <= cost).sort((x, y) => y.accuracy - x.accuracy)[0];
    console.log(`| ${key} (${reports.length} seed${reports.length > 1 ? 's' : ''}) | ${pct(acc)} | ${usd(cost)} | ${a ? 'met' : 'not met'} | ${b ? 'met' : 'not met'} | ${rival ? `${rival.model} ${rival.topology}` : '—'} | ${rival ? pct(rival.accuracy) : '—'} |`);
  }
}

// Routing headroom: a per-query oracle over two single-model runs (correct if either is), from their results.jsonl.
const resultsOf = (model: string, topology: string) => {
  const file = values.single ? join(values.single, `${model}-${topology}`, 'results.jsonl') : '';
  if (!file || !existsSync(file)) return undefined;
  return new Map(readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; correct: boolean; costUsd: number }).map((r) => [r.id, r]));
};
const cheapTop = cheapRows.filter((f) => !/[,>]/.test(f.topology)).sort((a, b) => b.accuracy - a.accuracy || a.cost - b.cost)[0];
if (cheapTop && strongBest) {
  const a = resultsOf(cheapTop.model, cheapTop.topology);
  const b = resultsOf(strongBest.model, strongBest.topology);
  if (a && b) {
    const ids = [...a.keys()].filter((id) => b.has(id));
    const either = ids.filter((id) => a.get(id)!.correct || b.get(id)!.correct).length;
    const onlyStrong = ids.filter((id) => !a.get(id)!.correct && b.get(id)!.correct).length;
    const onlyCheap = ids.filter((id) => a.get(id)!.correct && !b.get(id)!.correct).length;
    console.log(`\nrouting headroom: ${cheapTop.model} ${cheapTop.topology} or ${strongBest.model} ${strongBest.topology}, whichever is right (a per-query oracle): ${pct(either / ids.length)}% of ${ids.length}; ${onlyStrong} questions only ${strongBest.model} gets right, ${onlyCheap} only ${cheapTop.model}`);
  }
}

// Where a setting's accuracy differs from the cheap model's best single topology: on the queries that called the last (strong) model, and on the rest (net questions, summed over seeds).
if (cheapTop) {
  const base = resultsOf(cheapTop.model, cheapTop.topology);
  if (base) {
    console.log(`\nnet questions gained against ${cheapTop.model} ${cheapTop.topology} (same questions), summed over seeds:\n`);
    console.log('| setting | seeds | on queries that called the last model | on the other queries |');
    console.log('|---|---|---|---|');
    for (const [key, reports] of runs) {
      const last = reports[0]!.models[reports[0]!.models.length - 1]!.name;
      let strong = 0;
      let strongN = 0;
      let rest = 0;
      for (const q of reports.flatMap((r) => r.queries)) {
        const gain = (q.correct ? 1 : 0) - (base.get(q.id)?.correct ? 1 : 0);
        if ((q.nodes[last] ?? 0) > 0) { strong += gain; strongN++; } else rest += gain;
      }
      console.log(`| ${key} | ${reports.length} | ${strong >= 0 ? '+' : ''}${strong} (of ${strongN} query runs) | ${rest >= 0 ? '+' : ''}${rest} |`);
    }
  }
}

for (const f of fixed) points.push(row(`${f.model} ${f.topology}`, 'baseline', f.accuracy, f.cost, f.cp * f.weight, f.n, 0, null, null));

function row(name: string, kind: 'controller' | 'baseline', accuracy: number, costPerQuery: number, cp: number, n: number, seed: number, lambdaT: number | null, lambdaC: number | null): SweepRow {
  return { name, kind, lambdaT, lambdaC, accuracy, cpTokensMean: cp, cpTokensP95: cp, cpWallMsMean: 0, costUsd: costPerQuery * n, costPerQueryUsd: costPerQuery, n, simulated: false, backend: 'replay (replayed real outputs, modeled latency)', seed, checkpoint: null, rules: null, distinctTopologies: null, topologyEntropyBits: null, mostCommonShare: null, mostCommonAccuracy: null, mostCommonCpTokensMean: null };
}

async function render(rows: SweepRow[], title: string, xTitle?: string): Promise<string> {
  const spec = paretoSpec(rows, { title, task: values.task! });
  // The sweep plots CP tokens; for the cost plot only the axis title changes (the rows carry log10 USD in cpTokensMean).
  const text = xTitle === undefined ? JSON.stringify(spec) : JSON.stringify(spec).replaceAll('"Mean critical-path tokens"', JSON.stringify(xTitle));
  const { spec: vegaSpec } = compile(JSON.parse(text));
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return normaliseSvgIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

if (values.svg && points.length > 0) {
  // Points far below the rest (gpt-4's recorded "standard" prompt, 57%) would squash the axis: they are in the tables, not the plots.
  const shown = points.filter((p) => p.accuracy >= Number(values['plot-min-accuracy']));
  writeFileSync(`${values.svg}-cp.svg`, await render(shown, 'Several models: accuracy vs mean CP tokens'));
  const byCost = shown.map((p) => ({ ...p, cpTokensMean: Math.log10(p.costPerQueryUsd), cpTokensP95: Math.log10(p.costPerQueryUsd) }));
  writeFileSync(`${values.svg}-cost.svg`, await render(byCost, 'Several models: accuracy vs cost', 'Cost per query, log10 USD (-3 = $0.001, -2 = $0.01)'));
  console.log(`\nplots: ${values.svg}-cp.svg, ${values.svg}-cost.svg`);
}
