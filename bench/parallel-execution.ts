/**
 * Parallel for real: in real-time sim mode, a query's wall time with the layer scheduler vs the
 * sum over layers of its slowest operator, and with the sequential scheduler vs the sum of all
 * operators. Run: npx tsx bench/parallel-execution.ts [--queries 8] [--scale 0.1]
 */
import { parseArgs } from 'node:util';
import { embeddedDataPath } from '../data/index.ts';
import type { Scheduler } from '../src/graph/execution-plan.ts';
import { parseTopology } from '../src/graph/parse-topology.ts';
import { runQuery } from '../src/graph/run-query.ts';
import { LlmClient } from '../src/llm/llm-client.ts';
import { createPythonSandbox } from '../src/sandbox/python-sandbox.ts';
import { createSimChatModel } from '../src/sim/sim-chat-model.ts';
import { loadSimProfile } from '../src/sim/sim-profile.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import type { Task } from '../src/tasks/task.ts';
import { machineLine, mean } from './machine.ts';

const { values } = parseArgs({ options: { queries: { type: 'string', default: '8' }, scale: { type: 'string', default: '0.1' } } });
const scale = Number(values.scale);
const topology = parseTopology('MultiCoT, CoT, Generate > SelfRefine, ScEnsemble > ScEnsemble');
const problems = (await gsm8kTask.load(embeddedDataPath('gsm8k', 'test'))).slice(0, Number(values.queries));
const sandbox = createPythonSandbox();

async function measure(scheduler: Scheduler) {
  const llm = new LlmClient({ model: createSimChatModel({ profile: loadSimProfile('gpt-4o-mini'), seed: 0, time: 'real', scale }) });
  const rows = [];
  for (const problem of problems) {
    const result = await runQuery({ runId: 'bench', task: gsm8kTask as Task, problem, topology, scheduler, llm, sandbox });
    const durations = result.operators.map((op) => ({ layer: op.layer, ms: op.end - op.start }));
    const slowestPerLayer = [0, 1, 2].map((layer) => Math.max(...durations.filter((d) => d.layer === layer).map((d) => d.ms)));
    rows.push({
      wall: result.wallMs,
      sumOfSlowest: slowestPerLayer.reduce((a, b) => a + b, 0),
      sumOfAll: durations.reduce((sum, d) => sum + d.ms, 0),
    });
  }
  return { wall: mean(rows.map((r) => r.wall)), sumOfSlowest: mean(rows.map((r) => r.sumOfSlowest)), sumOfAll: mean(rows.map((r) => r.sumOfAll)) };
}

const layer = await measure('layer');
const sequential = await measure('sequential');
console.log(`machine: ${machineLine()}`);
console.log(`topology: MultiCoT, CoT, Generate > SelfRefine, ScEnsemble > ScEnsemble · ${problems.length} queries · sim real time x${scale}`);
console.log(`layer scheduler:      mean wall ${layer.wall.toFixed(0)} ms · sum over layers of slowest op ${layer.sumOfSlowest.toFixed(0)} ms · ratio ${(layer.wall / layer.sumOfSlowest).toFixed(3)}`);
console.log(`sequential scheduler: mean wall ${sequential.wall.toFixed(0)} ms · sum of all ops ${sequential.sumOfAll.toFixed(0)} ms · ratio ${(sequential.wall / sequential.sumOfAll).toFixed(3)}`);
console.log(`sequential / layer wall: ${(sequential.wall / layer.wall).toFixed(2)}x`);
