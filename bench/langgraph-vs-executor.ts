/**
 * The same layered DAG of simulated calls through @langchain/langgraph (a StateGraph with
 * fan-out/fan-in edges) and through the lamas executor (layer scheduler). Each node is one
 * call that takes a fixed time; we report wall time and per-node overhead of both.
 * Run: npx tsx bench/langgraph-vs-executor.ts [--runs 30]
 */
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { parseArgs } from 'node:util';
import { parseTopology } from '../src/graph/parse-topology.ts';
import { runQuery } from '../src/graph/run-query.ts';
import type { ChatModel } from '../src/llm/chat-model.ts';
import { LlmClient } from '../src/llm/llm-client.ts';
import { createPythonSandbox } from '../src/sandbox/python-sandbox.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import type { GsmProblem, Task } from '../src/tasks/task.ts';
import { machineLine, mean } from './machine.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);

// Layers of single-call operators and the time each node's call takes.
const topology = parseTopology('Generate, CoT, Generate, CoT > CoT, Generate, CoT > Generate, CoT > CoT');
const latencies = [[120, 80, 60, 100], [50, 90, 70], [40, 30], [20]];
const ideal = latencies.reduce((sum, layer) => sum + Math.max(...layer), 0);
const nodeCount = latencies.flat().length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A backend whose calls just take the node's time; the node is known from its sample index. */
function timedModel(scale: number): ChatModel {
  const byOrdinal = latencies.flat();
  return {
    provider: 'sim',
    modelId: 'gpt-4o-mini',
    simulated: true,
    virtualTime: false,
    embed: async () => [],
    chat: async (request) => {
      const ms = byOrdinal[Math.floor((request.sampleIndex ?? 0) / 16)]! * scale;
      if (ms > 0) await sleep(ms);
      return { texts: ['The answer is 1.'], usage: { promptTokens: 10, completionTokens: 5 }, model: 'gpt-4o-mini', latencyMs: ms, cached: false, retries: 0 };
    },
  };
}

const problem: GsmProblem = { id: 'p', index: 0, question: 'What is 1?', difficulty: 1, answer: '1' };
const sandbox = createPythonSandbox();

async function lamas(scale: number): Promise<number> {
  const llm = new LlmClient({ model: timedModel(scale) });
  const started = performance.now();
  await runQuery({ runId: 'bench', task: gsm8kTask as Task, problem, topology, scheduler: 'layer', llm, sandbox });
  return performance.now() - started;
}

function langGraph(scale: number) {
  const State = Annotation.Root({ done: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
  // Node names are dynamic, so the builder is typed loosely here; the graph itself is checked at compile().
  const builder = new StateGraph(State) as unknown as StateGraph<typeof State.spec, typeof State.State, typeof State.Update, string>;
  latencies.forEach((layer, l) =>
    layer.forEach((ms, i) =>
      builder.addNode(`n${l}_${i}`, async () => {
        if (ms * scale > 0) await sleep(ms * scale);
        return { done: [`n${l}_${i}`] };
      }),
    ),
  );
  latencies[0]!.forEach((_, i) => builder.addEdge(START, `n0_${i}`));
  for (let l = 1; l < latencies.length; l++) {
    const previous = latencies[l - 1]!.map((_, i) => `n${l - 1}_${i}`);
    latencies[l]!.forEach((_, i) => builder.addEdge(previous, `n${l}_${i}`));
  }
  builder.addEdge(`n${latencies.length - 1}_0`, END);
  const graph = builder.compile();
  return async () => {
    const started = performance.now();
    await graph.invoke({ done: [] });
    return performance.now() - started;
  };
}

async function measure(run: () => Promise<number>): Promise<number> {
  for (let i = 0; i < 3; i++) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await run());
  return mean(times);
}

console.log(`machine: ${machineLine()}`);
console.log(`DAG: ${latencies.map((layer) => layer.length).join('-')} nodes per layer (${nodeCount} nodes), ideal critical path ${ideal} ms, ${runs} runs each`);
for (const scale of [1, 0]) {
  const ours = await measure(() => lamas(scale));
  const theirs = await measure(langGraph(scale));
  const idealMs = ideal * scale;
  console.log(
    `${scale === 1 ? 'timed calls' : 'zero-time calls'}: lamas ${ours.toFixed(2)} ms (${((ours - idealMs) / nodeCount).toFixed(3)} ms/node overhead) · ` +
      `langgraph ${theirs.toFixed(2)} ms (${((theirs - idealMs) / nodeCount).toFixed(3)} ms/node overhead) · langgraph/lamas ${(theirs / ours).toFixed(2)}x`,
  );
}
