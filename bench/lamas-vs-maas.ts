/**
 * LAMaS vs MaAS, reproduced in simulation: train on a MaAS validate split with lambda_t = 0
 * (MaAS), 0.005 (LAMaS) and 0.005 without critical-path credit (the ablation); evaluate each on
 * the test split with the same seed. Prints a markdown table for docs/RESULTS-SIM.md.
 * Run: npx tsx bench/lamas-vs-maas.ts --task gsm8k [--epochs 4] [--seed 0] [--rules lamas|maas|legacy] [--entropy X] [--architecture mlp|maas] [--llm sim:gpt-4o-mini|replay:<model>] [--replay-dir DIR]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { evaluateController } from '../eval/evaluate-controller.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import { getTask } from '../src/tasks/registry.ts';
import { trainConfigSchema } from '../train/train-config.ts';
import { trainController } from '../train/train-controller.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({ options: { task: { type: 'string', default: 'gsm8k' }, epochs: { type: 'string', default: '4' }, seed: { type: 'string', default: '0' }, out: { type: 'string', default: 'runs/lamas-vs-maas' }, rules: { type: 'string' }, entropy: { type: 'string' }, architecture: { type: 'string' }, llm: { type: 'string', default: 'sim:gpt-4o-mini' }, 'replay-dir': { type: 'string' } } });
// Only the flags given: the rest are the trainer's defaults.
const ruleFlags = Object.fromEntries(Object.entries({ rules: values.rules, entropy: values.entropy, architecture: values.architecture }).filter(([, value]) => value !== undefined));
const task = getTask(values.task!);
const splits = fileURLToPath(new URL('../../shared/data/maas_splits/', import.meta.url));
const train = await resolveDataset(task, { data: join(splits, `${task.name}_validate.jsonl`) });
const test = await resolveDataset(task, { data: join(splits, `${task.name}_test.jsonl`) });
const backend: BackendOptions = { llm: values.llm!, replayDir: values['replay-dir'], seed: Number(values.seed), simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: true };
const variants = [
  { name: 'MaAS (λt = 0)', lambdaT: 0, cpCredit: true },
  { name: 'LAMaS (λt = 0.005)', lambdaT: 0.005, cpCredit: true },
  { name: 'LAMaS, no CP credit', lambdaT: 0.005, cpCredit: false },
];
const started = performance.now();
const rows = [];
for (const variant of variants) {
  const out = join(values.out!, task.name, `${variant.lambdaT}${variant.cpCredit ? '' : '-nocp'}`);
  const config = trainConfigSchema.parse({ epochs: values.epochs, lambdaT: variant.lambdaT, cpCredit: variant.cpCredit, ...ruleFlags });
  const trained = await trainController({ config, task, problems: train.problems, trainData: train.file, backend, out, resume: false });
  const { summary } = await evaluateController({ checkpoint: trained.checkpointDir, task, dataset: test, backend, greedy: false, queriesInFlight: 8, out: join(out, 'eval') });
  rows.push({ ...variant, summary, trainSeconds: trained.seconds, queriesPerSecond: trained.queries / trained.seconds });
}
const base = rows[0]!.summary;
console.log(`machine: ${machineLine()} · ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
console.log(`${task.name}: train ${train.problems.length} (MaAS validate), test ${test.problems.length} (MaAS test), seed ${values.seed}, ${values.epochs} epochs, rules ${rows[0]!.summary.rules}${values.entropy === undefined ? '' : `, entropy ${values.entropy}`}, ${values.llm}${values.llm!.startsWith('sim:') ? ' (SIMULATED)' : values.llm!.startsWith('replay:') ? ' (replayed real outputs, modeled latency)' : ''}`);
console.log('| variant | accuracy % | mean CP tokens | CP vs MaAS | p95 CP tokens | mean CP wall s | cost/query $ | train q/s | distinct topologies | entropy bits | top share | top on every query: acc % / mean CP |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const s = row.summary;
  const reduction = (1 - s.cpTokens.mean / base.cpTokens.mean) * 100;
  console.log(`| ${row.name} | ${(s.accuracy * 100).toFixed(2)} | ${s.cpTokens.mean.toFixed(1)} | ${row === rows[0] ? '—' : `${reduction >= 0 ? '-' : '+'}${Math.abs(reduction).toFixed(1)}%`} | ${s.cpTokens.p95.toFixed(0)} | ${(s.cpWallMs.mean / 1000).toFixed(2)} | ${(s.costUsd / s.n).toFixed(6)} | ${row.queriesPerSecond.toFixed(1)} | ${s.adaptivity.distinctTopologies} | ${s.adaptivity.entropyBits.toFixed(2)} | ${(s.adaptivity.mostCommonShare * 100).toFixed(1)}% | ${s.adaptivity.mostCommonOnEvery ? `${(s.adaptivity.mostCommonOnEvery.accuracy * 100).toFixed(2)} / ${s.adaptivity.mostCommonOnEvery.cpTokensMean.toFixed(1)}` : '—'} |`);
}
for (const row of rows) console.log(`top topologies, ${row.name}: ${Object.entries(row.summary.topologies).slice(0, 3).map(([t, c]) => `${c}× ${t}`).join(' · ')}`);
