/**
 * Routing headroom of a trained controller (DESIGN §3, issue 14), on the virtual-time sim (a
 * deterministic backend: a topology gives the same result on a query in every run). Candidates:
 * the controller's K most common greedy topologies, the fixed baselines (generate, cot, cot-sc)
 * and every operator that can start from the query, alone. Every candidate runs on every query;
 * the per-query oracle, the best single fixed topology and the controller's own choices are
 * compared in utility R (the checkpoint's λt, λc), with accuracy and mean CP beside it, and with
 * the best rule on one feature (eval/feature-routing.ts, held out): the sim's difficulty measure
 * (hidden from a router: what the sim's structure offers) and the numbers in the question (visible).
 * Last, the shortest mean CP any per-query routing over the candidates reaches at an accuracy floor
 * (eval/cheapest-routing.ts): the controller's own accuracy minus 1 point, and each --min-accuracy.
 * Run: npx tsx bench/routing-headroom.ts --data FILE [--top 3] [--seed 0] [--limit N] [--min-accuracy PCT,...] [--llm sim:gpt-4o-mini|replay:<model>] [--replay-dir DIR] CHECKPOINT...
 */
import { trainConfigSchema } from '../train/train-config.ts';
import { parseArgs } from 'node:util';
import { evaluateController } from '../eval/evaluate-controller.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import { cheapestRouting } from '../eval/cheapest-routing.ts';
import { featureRouting } from '../eval/feature-routing.ts';
import { routingHeadroom } from '../eval/routing-headroom.ts';
import { runBenchmark } from '../eval/run-benchmark.ts';
import { consumingOperators } from '../operators/operator-names.ts';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import { operatorsCoveredBy } from '../src/backend/provider-registry.ts';
import { loadCheckpoint } from '../src/controller/checkpoint.ts';
import { namedTopologies } from '../src/graph/named-topologies.ts';
import { parseTopology } from '../src/graph/parse-topology.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import { getTask } from '../src/tasks/registry.ts';
import { utility } from '../train/reward.ts';

const { values, positionals } = parseArgs({
  options: { data: { type: 'string' }, top: { type: 'string', default: '3' }, seed: { type: 'string', default: '0' }, limit: { type: 'string' }, 'min-accuracy': { type: 'string' }, llm: { type: 'string', default: 'sim:gpt-4o-mini' }, 'replay-dir': { type: 'string' } },
  allowPositionals: true,
});
if (!values.data || positionals.length === 0) throw new Error('usage: npx tsx bench/routing-headroom.ts --data FILE [--top 3] [--seed 0] [--limit N] CHECKPOINT...');
const backend: BackendOptions = { llm: values.llm!, replayDir: values['replay-dir'], seed: Number(values.seed), simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: false };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const numbersIn = (text: string) => (text.match(/\d+(?:[.,]\d+)*/g) ?? []).length;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

for (const checkpoint of positionals) {
  const saved = await loadCheckpoint(checkpoint);
  const task = getTask(saved.spec.task);
  const dataset = await resolveDataset(task, { data: values.data, limit: values.limit === undefined ? undefined : Number(values.limit) });
  const trainedConfig = trainConfigSchema.parse(saved.trainedWith.config);
  const weights = { lambdaT: trainedConfig.lambdaT, lambdaC: trainedConfig.lambdaC, cpCredit: true };
  const order = new Map(dataset.problems.map((problem, i) => [problem.id, i]));
  const byQuery = (results: readonly QueryResult[]) => {
    const out = new Array<QueryResult>(dataset.problems.length);
    for (const result of results) out[order.get(result.id)!] = result;
    return out;
  };
  const own = await evaluateController({ checkpoint, task, dataset, backend, greedy: true, queriesInFlight: 8 });
  const controller = byQuery(own.results);
  const top = Object.keys(own.summary.topologies).slice(0, Number(values.top));
  const singles = saved.spec.operators.filter((name) => !consumingOperators.has(name as never));
  // A replay backend answers only the roles it recorded (or synthesizes): drop the candidates it cannot run.
  const covers = (candidate: string) => { const operators = [...new Set(parseTopology(candidate).layers.flat())]; return operatorsCoveredBy(backend.llm, task.name, operators).length === operators.length; };
  const candidates = [...new Set([...top, ...Object.values(namedTopologies), ...singles])].filter(covers);
  const runs = new Map<string, QueryResult[]>();
  for (const candidate of candidates) {
    const topology = parseTopology(candidate);
    const run = await runBenchmark({ task, dataset, topologyFor: () => topology, scheduler: 'layer', backend, queriesInFlight: 8, runId: `headroom-${candidate}` });
    runs.set(candidate, byQuery(run.results));
  }
  // Deterministic backend check: where the controller chose a candidate, both runs must agree.
  let checked = 0;
  let differing = 0;
  controller.forEach((result, q) => {
    const same = runs.get(result.topology)?.[q];
    if (!same) return;
    checked++;
    if (same.correct !== result.correct || same.cpTokens !== result.cpTokens || same.costUsd !== result.costUsd) differing++;
  });
  const utilities = new Map([...runs].map(([name, results]) => [name, results.map((result) => utility(result, weights))] as const));
  const headroom = routingHeadroom({ candidates: utilities, controller: controller.map((result) => utility(result, weights)) });
  const figures = (results: readonly QueryResult[]) => `${pct(mean(results.map((r) => (r.correct ? 1 : 0))))} | ${mean(results.map((r) => r.cpTokens)).toFixed(0)}`;
  const oracleResults = controller.map((result, q) => [result, ...[...runs.values()].map((results) => results[q]!)].reduce((best, r) => (utility(r, weights) > utility(best, weights) ? r : best)));
  console.log(`\n${checkpoint} (${task.name}, ${saved.spec.rules ?? 'legacy'} rules, λt=${weights.lambdaT}, ${dataset.problems.length} queries, seed ${backend.seed}; determinism: ${differing} of ${checked} shared runs differ)`);
  console.log(`candidates (${candidates.length}): ${candidates.join(' | ')}`);
  console.log('| | mean R | accuracy | mean CP tokens |\n|---|---:|---:|---:|');
  console.log(`| controller (greedy) | ${headroom.controller.toFixed(4)} | ${figures(controller)} |`);
  console.log(`| best fixed: ${headroom.bestFixed.topology} | ${headroom.bestFixed.utility.toFixed(4)} | ${figures(runs.get(headroom.bestFixed.topology)!)} |`);
  console.log(`| per-query oracle | ${headroom.oracle.toFixed(4)} | ${figures(oracleResults)} |`);
  // The sim's difficulty measure (hidden from a router) bounds what its structure offers; the numbers in the question are what a router can read.
  const features = { 'difficulty measure (hidden from the router)': dataset.problems.map((problem) => problem.difficulty), 'numbers in the question': dataset.problems.map((problem) => numbersIn(problem.question)) };
  for (const [name, values] of Object.entries(features)) {
    const byFeature = featureRouting({ candidates: utilities, features: values });
    console.log(`| rule on the ${name} (2-fold, held out) | ${byFeature.routed.toFixed(4)} | best fixed held out: ${byFeature.fixed.toFixed(4)} | |`);
    console.log(`rule on the ${name}, fitted on all queries: ${byFeature.rule.map(({ value, queries, topology }) => `${value} (${queries} q) → ${topology}`).join('; ')}`);
  }
  const ownAccuracy = mean(controller.map((r) => (r.correct ? 1 : 0)));
  const floors = [ownAccuracy - 0.01, ...(values['min-accuracy']?.split(',').map((pct) => Number(pct) / 100) ?? [])];
  const outcomes = new Map([...runs, ['(controller)', controller] as const]);
  const routings = floors.map((floor) => ({ floor, cheapest: cheapestRouting(outcomes, floor) }));
  for (const { floor, cheapest } of routings) {
    console.log(`| shortest routing at ≥ ${(floor * 100).toFixed(2)}% accuracy (any per-query choice of a candidate) | | ${cheapest.meanCp === null ? 'unreachable | ' : `${pct(cheapest.accuracy!)} | ${cheapest.meanCp.toFixed(1)}`} |`);
  }
  console.log(`| each query's cheapest candidate, right or wrong | | | ${routings[0]!.cheapest.floorlessMeanCp.toFixed(1)} |`);
  console.log(`headroom: ${headroom.queriesWithHeadroom} of ${dataset.problems.length} queries have a candidate better than the best fixed topology; the controller captures ${headroom.share === null ? 'n/a (no headroom)' : pct(headroom.share)} of it`);
}
