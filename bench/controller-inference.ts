/**
 * Controller inference time per query (encode + choose a topology, greedy and sampled),
 * p50/p99, from a trained checkpoint. Goal: p50 under 1 ms.
 * Run: npx tsx bench/controller-inference.ts --checkpoint runs/demo/lambda-0.005 [--queries 1000]
 */
import { parseArgs } from 'node:util';
import { embeddedDataPath } from '../data/index.ts';
import { chooseTopology } from '../src/controller/choose-topology.ts';
import { loadController } from '../src/controller/load-controller.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import { Random } from '../src/util/random.ts';
import { machineLine, percentile } from './machine.ts';

const { values } = parseArgs({ options: { checkpoint: { type: 'string', default: 'runs/demo/lambda-0.005' }, queries: { type: 'string', default: '1000' } } });
const { model, encoder } = await loadController(values.checkpoint!, 'gsm8k');
const problems = await gsm8kTask.load(embeddedDataPath('gsm8k', 'train'));
const count = Number(values.queries);
const random = Random.fromSeed(0);

async function time(greedy: boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count + 50; i++) {
    const text = problems[i % problems.length]!.question + (i >= problems.length ? ` (${i})` : ''); // fresh text: no encoder cache hits
    const started = performance.now();
    const [features] = await encoder.encode([text]);
    chooseTopology(model, features!, greedy ? null : random);
    if (i >= 50) times.push(performance.now() - started); // the first 50 warm up
  }
  return times;
}

const greedy = await time(true);
const sampled = await time(false);
console.log(`machine: ${machineLine()}`);
console.log(`checkpoint ${values.checkpoint} (${model.spec.architecture.kind}, hidden ${model.spec.architecture.hidden}, ${model.spec.layers} layers, encoder ${model.spec.encoder.spec})`);
console.log(`per query, encode + choose: greedy p50 ${percentile(greedy, 0.5).toFixed(3)} ms, p99 ${percentile(greedy, 0.99).toFixed(3)} ms · sampled p50 ${percentile(sampled, 0.5).toFixed(3)} ms, p99 ${percentile(sampled, 0.99).toFixed(3)} ms (${count} queries each)`);
