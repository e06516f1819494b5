/**
 * Ready queue vs layer barrier on generated topologies with uneven operator latencies: mean
 * wall-time ratio at identical answers (real-time sim).
 * Run: npx tsx bench/ready-vs-barrier.ts [--topologies 20] [--queries 3] [--scale 0.05]
 */
import { parseArgs } from 'node:util';
import { embeddedDataPath } from '../data/index.ts';
import type { OperatorName } from '../operators/operator-names.ts';
import type { Scheduler } from '../src/graph/execution-plan.ts';
import { runQuery } from '../src/graph/run-query.ts';
import { type Topology, topologyToString } from '../src/graph/topology.ts';
import { validateTopology } from '../src/graph/validate-topology.ts';
import { LlmClient } from '../src/llm/llm-client.ts';
import { createPythonSandbox } from '../src/sandbox/python-sandbox.ts';
import { createSimChatModel } from '../src/sim/sim-chat-model.ts';
import { loadSimProfile } from '../src/sim/sim-profile.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import type { Task } from '../src/tasks/task.ts';
import { Random } from '../src/util/random.ts';
import { machineLine, mean } from './machine.ts';

const { values } = parseArgs({ options: { topologies: { type: 'string', default: '20' }, queries: { type: 'string', default: '3' }, scale: { type: 'string', default: '0.05' } } });
const scale = Number(values.scale);
const problems = (await gsm8kTask.load(embeddedDataPath('gsm8k', 'test'))).slice(0, Number(values.queries));
const sandbox = createPythonSandbox();
const pool: OperatorName[] = ['Generate', 'CoT', 'MultiCoT', 'SelfRefine', 'ScEnsemble'];

/** Three to four layers of one to three operators; short and long ones mixed. */
function randomTopology(random: Random): Topology {
  const layers: OperatorName[][] = [[random.pick(['Generate', 'CoT', 'MultiCoT'] as const)]];
  const depth = random.int(3, 4);
  for (let l = 0; l < depth; l++) {
    const layer = l === 0 ? [...layers[0]!] : [];
    const width = random.int(1, 3);
    while (layer.length < width) layer.push(random.pick(pool));
    layers[l] = layer;
  }
  return validateTopology({ layers }, 'gsm8k');
}

async function run(topology: Topology, scheduler: Scheduler) {
  const llm = new LlmClient({ model: createSimChatModel({ profile: loadSimProfile('gpt-4o-mini'), seed: 0, time: 'real', scale }) });
  const results = await Promise.all(problems.map((problem) => runQuery({ runId: 'bench', task: gsm8kTask as Task, problem, topology, scheduler, llm, sandbox })));
  return { wall: mean(results.map((r) => r.wallMs)), answers: results.map((r) => r.answer) };
}

const random = Random.fromSeed(42);
const ratios: number[] = [];
let identical = 0;
const count = Number(values.topologies);
for (let i = 0; i < count; i++) {
  const topology = randomTopology(random);
  const barrier = await run(topology, 'layer');
  const ready = await run(topology, 'ready');
  ratios.push(ready.wall / barrier.wall);
  if (JSON.stringify(ready.answers) === JSON.stringify(barrier.answers)) identical++;
  console.log(`${topologyToString(topology).padEnd(60)} barrier ${barrier.wall.toFixed(0).padStart(5)} ms · ready ${ready.wall.toFixed(0).padStart(5)} ms`);
}
console.log(`machine: ${machineLine()}`);
console.log(`${count} topologies x ${problems.length} queries, sim real time x${scale}`);
console.log(`mean wall ratio ready/barrier: ${mean(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}); identical answers: ${identical}/${count}`);
