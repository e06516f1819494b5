/**
 * LAMaS vs MaAS, reproduced in simulation: train on a MaAS validate split with lambda_t = 0
 * (MaAS), 0.005 (LAMaS) and 0.005 without critical-path credit (the ablation); evaluate each on
 * the test split with the same seed. Prints a markdown table for docs/RESULTS-SIM.md.
 * Prints one row per seed and variant, with the adaptivity columns, the forced-generator share
 * seen in training and the queries that ran free (one-input) ScEnsembles; each row is also
 * written to <run>/bench-row.json.
 * Run: npx tsx bench/lamas-vs-maas.ts --task gsm8k [--epochs 4] [--seed 0|0,1,2] [--rules lamas|maas|legacy] [--entropy X] [--entropy-end X] [--credit-baseline query|batch] [--variants maas,lamas,nocp] [--architecture mlp|maas] [--llm sim:gpt-4o-mini|replay:<model>] [--replay-dir DIR]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { evaluateController } from '../eval/evaluate-controller.ts';
import { countFreeEnsembles } from '../eval/free-ensembles.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import { getTask } from '../src/tasks/registry.ts';
import { trainConfigSchema } from '../train/train-config.ts';
import { trainController } from '../train/train-controller.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({ options: { task: { type: 'string', default: 'gsm8k' }, epochs: { type: 'string', default: '4' }, seed: { type: 'string', default: '0' }, out: { type: 'string', default: 'runs/lamas-vs-maas' }, rules: { type: 'string' }, entropy: { type: 'string' }, 'entropy-end': { type: 'string' }, 'credit-baseline': { type: 'string' }, variants: { type: 'string', default: 'maas,lamas,nocp' }, architecture: { type: 'string' }, llm: { type: 'string', default: 'sim:gpt-4o-mini' }, 'replay-dir': { type: 'string' } } });
// Only the flags given: the rest are the trainer's defaults.
const ruleFlags = Object.fromEntries(Object.entries({ rules: values.rules, entropy: values.entropy, entropyEnd: values['entropy-end'], creditBaseline: values['credit-baseline'], architecture: values.architecture }).filter(([, value]) => value !== undefined));
// --seed 0 or --seed 0,1,2: one row per seed and variant; with several seeds each gets its own s<seed> directory.
const seeds = values.seed!.split(',').map((seed) => Number(seed));
if (seeds.some((seed) => !Number.isInteger(seed) || seed < 0)) throw new Error(`--seed: expected a seed or a comma-separated list of seeds, got ${values.seed}`);
const task = getTask(values.task!);
const splits = fileURLToPath(new URL('../../shared/data/maas_splits/', import.meta.url));
const train = await resolveDataset(task, { data: join(splits, `${task.name}_validate.jsonl`) });
const test = await resolveDataset(task, { data: join(splits, `${task.name}_test.jsonl`) });
const allVariants = {
  maas: { name: 'MaAS (λt = 0)', lambdaT: 0, cpCredit: true },
  lamas: { name: 'LAMaS (λt = 0.005)', lambdaT: 0.005, cpCredit: true },
  nocp: { name: 'LAMaS, no CP credit', lambdaT: 0.005, cpCredit: false },
};
// --variants maas,lamas: a subset, so the variants of one seed can run in separate processes (tables put them together).
const variants = values.variants!.split(',').map((name) => {
  if (!(name in allVariants)) throw new Error(`--variants: expected a comma-separated list of ${Object.keys(allVariants).join(', ')}, got ${name}`);
  return allVariants[name as keyof typeof allVariants];
});
const started = performance.now();
const rows = [];
for (const seed of seeds) {
  const backend: BackendOptions = { llm: values.llm!, replayDir: values['replay-dir'], seed, simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: true };
  const seedOut = seeds.length > 1 ? join(values.out!, `s${seed}`) : values.out!;
  for (const variant of variants) {
    const variantStarted = performance.now();
    const out = join(seedOut, task.name, `${variant.lambdaT}${variant.cpCredit ? '' : '-nocp'}`);
    const config = trainConfigSchema.parse({ epochs: values.epochs, lambdaT: variant.lambdaT, cpCredit: variant.cpCredit, ...ruleFlags });
    const forced: number[] = [];
    const trained = await trainController({ config, task, problems: train.problems, trainData: train.file, backend, out, resume: false, onBatch: (metrics) => forced.push(metrics.forcedGenerators) });
    const { summary, results } = await evaluateController({ checkpoint: trained.checkpointDir, task, dataset: test, backend, greedy: false, queriesInFlight: 8, out: join(out, 'eval') });
    const row = { ...variant, seed, summary, trainSeconds: trained.seconds, queriesPerSecond: trained.queries / trained.seconds, forcedGeneratorsMax: Math.max(0, ...forced), freeEnsembles: countFreeEnsembles(results), wallSeconds: (performance.now() - variantStarted) / 1000 };
    rows.push(row);
    // Every figure of the row beside its run, so tables over seeds run in separate processes can be put together.
    writeFileSync(join(out, 'bench-row.json'), `${JSON.stringify(row, null, 2)}\n`);
  }
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`machine: ${machineLine()} · ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
console.log(`${task.name}: train ${train.problems.length} (MaAS validate), test ${test.problems.length} (MaAS test), seed ${values.seed}, ${values.epochs} epochs, rules ${rows[0]!.summary.rules}${values.entropy === undefined ? '' : `, entropy ${values.entropy}`}${values['entropy-end'] === undefined ? '' : ` → ${values['entropy-end']}`}${values['credit-baseline'] === undefined ? '' : `, credit baseline ${values['credit-baseline']}`}${values.architecture === undefined ? '' : `, architecture ${values.architecture}`}, ${values.llm}${values.llm!.startsWith('sim:') ? ' (SIMULATED)' : values.llm!.startsWith('replay:') ? ' (replayed real outputs, modeled latency)' : ''}`);
console.log('| seed | variant | accuracy % | mean CP tokens | CP vs MaAS | p95 CP tokens | mean CP wall s | cost/query $ | train q/s | distinct topologies | entropy bits | top share | top on every query: acc % / mean CP | forced generators (train, max batch share) | queries with free ScEnsembles (≥1 / ≥2) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const s = row.summary;
  // Without the λt = 0 row in this process the cut is left to bench/results-sim-tables.ts.
  const base = rows.find((other) => other.seed === row.seed && other.lambdaT === 0)?.summary;
  const reduction = base && row.lambdaT !== 0 ? (1 - s.cpTokens.mean / base.cpTokens.mean) * 100 : null;
  const fixed = s.adaptivity.mostCommonOnEvery;
  console.log(`| ${row.seed} | ${row.name} | ${(s.accuracy * 100).toFixed(2)} | ${s.cpTokens.mean.toFixed(1)} | ${reduction === null ? '—' : `${reduction >= 0 ? '-' : '+'}${Math.abs(reduction).toFixed(1)}%`} | ${s.cpTokens.p95.toFixed(0)} | ${(s.cpWallMs.mean / 1000).toFixed(2)} | ${(s.costUsd / s.n).toFixed(6)} | ${row.queriesPerSecond.toFixed(1)} | ${s.adaptivity.distinctTopologies} | ${s.adaptivity.entropyBits.toFixed(2)} | ${pct(s.adaptivity.mostCommonShare)} | ${fixed ? `${(fixed.accuracy * 100).toFixed(2)} / ${fixed.cpTokensMean.toFixed(1)}` : (s.adaptivity.mostCommonSkipped ?? '—')} | ${row.forcedGeneratorsMax} | ${pct(row.freeEnsembles.withFree / row.freeEnsembles.queries)} / ${pct(row.freeEnsembles.withTwoOrMore / row.freeEnsembles.queries)} |`);
}
for (const row of rows) console.log(`top topologies, seed ${row.seed}, ${row.name}: ${Object.entries(row.summary.topologies).slice(0, 3).map(([t, c]) => `${c}× ${t}`).join(' · ')}`);
for (const row of rows) console.log(`wall, seed ${row.seed}, ${row.name}: ${row.wallSeconds.toFixed(0)} s (train ${row.trainSeconds.toFixed(0)} s, then the evaluation and its most-common pass)`);
