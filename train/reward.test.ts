import { describe, expect, it } from 'vitest';
import { embeddedDataPath } from '../data/index.ts';
import { planExecution } from '../src/graph/execution-plan.ts';
import type { OperatorRecord } from '../src/graph/operator-record.ts';
import { parseTopology } from '../src/graph/parse-topology.ts';
import { type QueryResult, runQuery } from '../src/graph/run-query.ts';
import { LlmClient } from '../src/llm/llm-client.ts';
import { MemoryTrace } from '../src/llm/trace-writer.ts';
import { createPythonSandbox } from '../src/sandbox/python-sandbox.ts';
import { createSimChatModel } from '../src/sim/sim-chat-model.ts';
import { loadSimProfile } from '../src/sim/sim-profile.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import type { Task } from '../src/tasks/task.ts';
import { normalise, operatorUtilities, updateEma, utility } from './reward.ts';

const op = (node: string, layer: number, proxyTokens: number): OperatorRecord => ({
  kind: 'operator', run: 'r', query: 'q', node, layer, operator: node.split(':')[1]!, start: 0, end: 0, proxyTokens, toolMs: 0,
  llmCalls: 1, promptTokens: 0, completionTokens: 0, costUsd: 0, solutions: 1, failed: false,
});
const result = { correct: true, costUsd: 0.001, cpTokens: 1000, operators: [op('L0.0:Generate', 0, 400), op('L0.1:CoT', 0, 600), op('L1.0:ScEnsemble', 1, 400)] } as QueryResult;
const weights = { lambdaC: 3, lambdaT: 0.005, cpCredit: true };

describe('reward', () => {
  it('R = S - lambda_c C - lambda_t / 50 T', () => {
    expect(utility(result, weights)).toBeCloseTo(1 - 0.003 - 0.1, 12);
    expect(utility({ ...result, correct: false }, { ...weights, lambdaT: 0 })).toBeCloseTo(-0.003, 12);
  });

  it('credits the latency penalty only to each layer’s slowest operator', () => {
    const [generate, cot, sc] = operatorUtilities(result, [[0, 1], [3]], weights);
    expect(cot).toBeCloseTo(0.897, 12); // critical in layer 0
    expect(generate).toBeCloseTo(0.997, 12);
    expect(sc).toBeCloseTo(0.897, 12); // alone, so critical
    expect(operatorUtilities(result, [[0, 1], [3]], { ...weights, cpCredit: false })).toEqual([utility(result, weights), utility(result, weights), utility(result, weights)]);
  });

  it('finds node L<l>.<i> by position: runQuery returns the records in plan order, whatever order they finish in', async () => {
    const topology = parseTopology('Generate, MultiCoT, CoT > ScEnsemble, SelfRefine > ScEnsemble');
    const [problem] = await gsm8kTask.load(embeddedDataPath('gsm8k', 'test'));
    const trace = new MemoryTrace();
    const llm = new LlmClient({ model: createSimChatModel({ profile: loadSimProfile('gpt-4o-mini'), seed: 1 }), trace });
    const planned = planExecution(topology, 'ready').nodes.map((node) => node.id);
    const run = await runQuery({ runId: 'r', task: gsm8kTask as Task, problem: problem!, topology, scheduler: 'ready', llm, sandbox: createPythonSandbox() });
    expect(run.operators.map((record) => record.node)).toEqual(planned);
    // ...although they finished in another order (the trace has them as they ended).
    const finished = trace.rows.filter((row) => (row as OperatorRecord).kind === 'operator').map((row) => (row as OperatorRecord).node);
    expect(finished).not.toEqual(planned);
  });

  it('EMA starts from the first batch, then moves with momentum 0.95; std is floored', () => {
    const first = updateEma({ mean: 0, std: 1, initialized: false }, [1, 3]);
    expect(first).toEqual({ mean: 2, std: 1, initialized: true });
    const second = updateEma(first, [4, 4]);
    expect(second.mean).toBeCloseTo(0.95 * 2 + 0.05 * 4, 12);
    expect(second.std).toBeCloseTo(0.95, 12);
    expect(updateEma({ mean: 0, std: 1, initialized: false }, [5, 5]).std).toBe(1e-8);
    expect(normalise([3, 1], first)).toEqual([1, -1]);
  });
});
