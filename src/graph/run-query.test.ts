import { describe, expect, it } from 'vitest';
import { embeddedDataPath } from '../../data/index.ts';
import type { ChatModel, ChatRequest } from '../llm/chat-model.ts';
import { LlmClient } from '../llm/llm-client.ts';
import { MemoryTrace } from '../llm/trace-writer.ts';
import { createPythonSandbox } from '../sandbox/python-sandbox.ts';
import { createSimChatModel } from '../sim/sim-chat-model.ts';
import { loadSimProfile } from '../sim/sim-profile.ts';
import { gsm8kTask } from '../tasks/gsm8k/index.ts';
import type { Task } from '../tasks/task.ts';
import type { Scheduler } from './execution-plan.ts';
import { parseTopology } from './parse-topology.ts';
import { runQueries, topologySolver } from './run-queries.ts';
import { runQuery } from './run-query.ts';
import { summarizeResults } from './summarize-results.ts';

const profile = loadSimProfile('gpt-4o-mini');
const sandbox = createPythonSandbox();
const problems = (await gsm8kTask.load(embeddedDataPath('gsm8k', 'test'))).slice(0, 12);
const task = gsm8kTask as Task;
const topology = parseTopology('Generate > CoT, MultiCoT, Programmer > SelfRefine, ScEnsemble > ScEnsemble');

async function runAll(scheduler: Scheduler, model: ChatModel = createSimChatModel({ profile, seed: 3 })) {
  const trace = new MemoryTrace();
  const llm = new LlmClient({ model, trace });
  const { results } = await runQueries(problems, { runId: 't', task, scheduler, llm, sandbox, trace, solve: topologySolver(() => topology), queriesInFlight: 4 });
  return { results, trace };
}

describe('executor', () => {
  it('gives identical answers under every scheduler, with cp(sequential) >= cp(layer) >= cp(ready)', async () => {
    const layer = await runAll('layer');
    const ready = await runAll('ready');
    const sequential = await runAll('sequential');
    const answers = (run: typeof layer) => run.results.map((result) => [result.id, result.answer, result.correct]);
    expect(answers(ready)).toEqual(answers(layer));
    expect(answers(sequential)).toEqual(answers(layer));
    layer.results.forEach((result, i) => {
      expect(sequential.results[i]!.cpTokens).toBeGreaterThanOrEqual(result.cpTokens);
      expect(result.cpTokens).toBeGreaterThanOrEqual(ready.results[i]!.cpTokens);
      expect(sequential.results[i]!.costUsd).toBeCloseTo(result.costUsd, 12);
    });
    // Generators of layer 1 overlap layer 0 in ready mode, so it is strictly shorter somewhere.
    expect(ready.results.some((result, i) => result.cpTokens < layer.results[i]!.cpTokens)).toBe(true);
  });

  it('runs the operators of a layer in parallel: virtual wall time is the sum over layers of the slowest operator', async () => {
    const { results } = await runAll('layer');
    for (const result of results) {
      const layers = new Map<number, number>();
      for (const op of result.operators) layers.set(op.layer, Math.max(layers.get(op.layer) ?? 0, op.end - op.start));
      const sumOfSlowest = [...layers.values()].reduce((a, b) => a + b, 0);
      expect(result.wallMs).toBeCloseTo(sumOfSlowest, 6);
      expect(result.cpWallMs).toBeCloseTo(sumOfSlowest, 6);
    }
  });

  it("accounts cost and tokens as the sum of the trace's call rows", async () => {
    const { results, trace } = await runAll('layer');
    const calls = trace.rows.filter((row) => (row as { kind: string }).kind === 'llm') as Array<{ query: string; costUsd: number; completionTokens: number; promptTokens: number }>;
    for (const result of results) {
      const mine = calls.filter((row) => row.query === result.id);
      expect(result.llmCalls).toBe(mine.length);
      expect(result.promptTokens).toBe(mine.reduce((sum, row) => sum + row.promptTokens, 0));
      expect(result.completionTokens).toBe(mine.reduce((sum, row) => sum + row.completionTokens, 0));
      expect(result.costUsd).toBeCloseTo(mine.reduce((sum, row) => sum + row.costUsd, 0), 12);
    }
    const operatorRows = trace.rows.filter((row) => (row as { kind: string }).kind === 'operator');
    expect(operatorRows).toHaveLength(results.length * 7);
  });

  it('records a failing operator and goes on with the rest', async () => {
    const sim = createSimChatModel({ profile, seed: 3 });
    const flaky: ChatModel = {
      ...sim,
      chat: async (request: ChatRequest) => {
        if (request.meta?.role === 'self-refine') throw new Error('refiner is down');
        return sim.chat(request);
      },
    };
    const { results } = await runAll('layer', flaky);
    for (const result of results) {
      const refine = result.operators.find((op) => op.operator === 'SelfRefine')!;
      expect(refine).toMatchObject({ failed: true, error: 'refiner is down', solutions: 0 });
      expect(result.failures).toBe(1);
      expect(result.answer).not.toBeNull();
    }
  });

  it('counts a cancelled call in cost and trace when the query is aborted', async () => {
    const trace = new MemoryTrace();
    const llm = new LlmClient({ model: createSimChatModel({ profile, seed: 3, time: 'real', scale: 1 }), trace });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await runQuery({ runId: 'c', task, problem: problems[0]!, topology: parseTopology('CoT, MultiCoT'), scheduler: 'layer', llm, sandbox, trace, signal: controller.signal });
    expect(result.cancelledCalls).toBe(4);
    const calls = trace.rows.filter((row) => (row as { kind: string }).kind === 'llm') as Array<{ cancelled: boolean; costUsd: number }>;
    expect(calls.filter((row) => row.cancelled)).toHaveLength(4);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.costUsd).toBeCloseTo(calls.reduce((sum, row) => sum + row.costUsd, 0), 12);
  });

  it('starts nothing when its signal is already aborted: no call sent or paid, no sandbox run, no event', async () => {
    const trace = new MemoryTrace();
    const sim = createSimChatModel({ profile, seed: 3 });
    const requests: ChatRequest[] = [];
    const llm = new LlmClient({ model: { ...sim, chat: (request) => (requests.push(request), sim.chat(request)) }, trace });
    let sandboxRuns = 0;
    const counted = { ...sandbox, run: (request: Parameters<typeof sandbox.run>[0]) => (sandboxRuns++, sandbox.run(request)) };
    const controller = new AbortController();
    const reason = new Error('stopped before the query began');
    controller.abort(reason);
    const events: unknown[] = [];
    const query = runQuery({ runId: 'p', task, problem: problems[0]!, topology: parseTopology('Programmer, CoT > ScEnsemble'), scheduler: 'layer', llm, sandbox: counted, trace, signal: controller.signal, onEvent: (event) => events.push(event) });
    await expect(query).rejects.toBe(reason);
    expect(requests).toHaveLength(0);
    expect(trace.rows).toHaveLength(0);
    expect(llm.budget.spentUsd).toBe(0);
    expect(sandboxRuns).toBe(0);
    expect(events).toHaveLength(0);
  });

  it('produces byte-identical summaries for the same seed and different ones for another', async () => {
    const summary = async (seed: number) => {
      const { results } = await runAll('layer', createSimChatModel({ profile, seed }));
      return JSON.stringify(summarizeResults(results, { task: 'gsm8k', backend: 'sim', simulated: true, seed, scheduler: 'layer', budgetExceeded: false, traceErrors: 0 }));
    };
    const first = await summary(11);
    expect(await summary(11)).toBe(first);
    expect(await summary(12)).not.toBe(first);
  });
});
