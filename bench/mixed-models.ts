/**
 * The learned several-model controller (issue 16): train on a MaAS validate split with
 * `--models`, evaluate on the test split, and write one JSON file with the summary and, per test
 * query, its correctness, cost, CP tokens, reference steps (the problem's difficulty) and how many
 * nodes called each model, for bench/mixed-models-report.ts to tabulate and plot.
 * Run: npx tsx bench/mixed-models.ts --models mini=replay:gpt-4o-mini,big=replay:gpt-4 [--task gsm8k]
 *      [--lambda-t 0.005] [--lambda-c 3] [--seed 0] [--epochs 4] [--out runs/mixed-models]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { evaluateController } from '../eval/evaluate-controller.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import { parseModelsFlag } from '../src/backend/model-declarations.ts';
import { getTask } from '../src/tasks/registry.ts';
import { trainConfigSchema } from '../train/train-config.ts';
import { trainController } from '../train/train-controller.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'gsm8k' },
    models: { type: 'string', default: 'mini=replay:gpt-4o-mini,big=replay:gpt-4' },
    'lambda-t': { type: 'string', default: '0.005' },
    'lambda-c': { type: 'string', default: '3' },
    seed: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '4' },
    out: { type: 'string', default: 'runs/mixed-models' },
  },
});
const task = getTask(values.task!);
const models = parseModelsFlag(values.models!);
const splits = fileURLToPath(new URL('../../shared/data/maas_splits/', import.meta.url));
const train = await resolveDataset(task, { data: join(splits, `${task.name}_validate.jsonl`) });
const test = await resolveDataset(task, { data: join(splits, `${task.name}_test.jsonl`) });
const seed = Number(values.seed);
const backend: BackendOptions = { llm: models[0]!.backend, models: values.models, seed, simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: false };
const name = `${models.map((model) => model.name).join('+')}-lt${values['lambda-t']}-lc${values['lambda-c']}-s${seed}`;
const out = join(values.out!, task.name, name);
mkdirSync(out, { recursive: true });

const started = performance.now();
const config = trainConfigSchema.parse({ epochs: values.epochs, lambdaT: values['lambda-t'], lambdaC: values['lambda-c'] });
const trained = await trainController({ config, task, problems: train.problems, trainData: train.file, backend, out, resume: false });
const trainSeconds = (performance.now() - started) / 1000;
const evalStarted = performance.now();
const { summary, results } = await evaluateController({ checkpoint: trained.checkpointDir, task, dataset: test, backend, greedy: false, queriesInFlight: 8 });
const evalSeconds = (performance.now() - evalStarted) / 1000;

const difficulty = new Map(test.problems.map((problem) => [problem.id, problem.difficulty]));
const queries = results.map((result) => {
  const nodes: Record<string, number> = {};
  for (const record of result.operators) nodes[record.model ?? models[0]!.name] = (nodes[record.model ?? models[0]!.name] ?? 0) + 1;
  return { id: result.id, steps: difficulty.get(result.id) ?? null, correct: result.correct, costUsd: result.costUsd, cpTokens: result.cpTokens, topology: result.topology, nodes };
});
const report = {
  label: 'replayed real outputs, modeled latency',
  machine: machineLine(),
  command: `npx tsx bench/mixed-models.ts --task ${task.name} --models ${values.models} --lambda-t ${values['lambda-t']} --lambda-c ${values['lambda-c']} --seed ${seed} --epochs ${values.epochs}`,
  task: task.name,
  models,
  lambdaT: config.lambdaT,
  lambdaC: config.lambdaC,
  seed,
  epochs: config.epochs,
  train: train.problems.length,
  trainSeconds,
  evalSeconds,
  summary,
  queries,
};
writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
console.log(`${name}: accuracy ${(summary.accuracy * 100).toFixed(2)}% · $${(summary.costUsd / summary.n).toFixed(6)}/query · mean CP ${summary.cpTokens.mean.toFixed(1)} · train ${trainSeconds.toFixed(0)} s · eval ${evalSeconds.toFixed(0)} s · ${join(out, 'report.json')}`);
