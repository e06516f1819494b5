import { describe, expect, it } from 'vitest';
import { OperatorRuntime } from '../src/graph/operator-runtime.ts';
import type { ChatModel, ChatRequest, RequestMeta } from '../src/llm/chat-model.ts';
import { LlmClient } from '../src/llm/llm-client.ts';
import { VirtualTimeline } from '../src/llm/timeline.ts';
import { UsageLedger } from '../src/llm/usage-ledger.ts';
import { createPythonSandbox } from '../src/sandbox/python-sandbox.ts';
import { getTask } from '../src/tasks/registry.ts';
import type { CodeProblem, GsmProblem, Problem } from '../src/tasks/task.ts';
import type { Solution } from './answers.ts';
import { operators } from './index.ts';
import type { OperatorContext } from './operator.ts';
import { parseChoice } from './sc-ensemble.ts';

const sandbox = createPythonSandbox();

/** A backend that answers from a script and remembers what it was asked. */
function scripted(reply: (request: ChatRequest, index: number) => string): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    provider: 'sim',
    modelId: 'gpt-4o-mini',
    simulated: true,
    virtualTime: true,
    requests,
    embed: async () => [],
    chat: async (request) => {
      requests.push(request);
      const text = reply(request, requests.length - 1);
      return { texts: [text], usage: { promptTokens: 10, completionTokens: text.split(' ').length }, model: 'gpt-4o-mini', latencyMs: 100, cached: false, retries: 0 };
    },
  };
}

function contextFor(taskName: string, problem: Problem, model: ChatModel, inputs: Solution[] = [], extra: Partial<OperatorContext> = {}) {
  const task = getTask(taskName);
  const ledger = new UsageLedger();
  const runtime = new OperatorRuntime(
    { llm: new LlmClient({ model }), sandbox, signal: new AbortController().signal, nominalToolMs: 100 },
    { run: 'r', query: problem.id, layer: 1, operator: 'node', ledger, timeline: new VirtualTimeline() },
  );
  const context: OperatorContext = {
    task,
    problem,
    inputs,
    runtime,
    prompts: task.prompts,
    nodeId: 'L1.0:Op',
    sampleBase: 0,
    meta: (role, more): RequestMeta => ({ task: task.name, queryId: problem.id, role, difficulty: 1, reference: '', ...more }),
    ...extra,
  };
  return { context, runtime, ledger };
}

const gsm: GsmProblem = { id: 'g', index: 0, question: 'What is 6 x 7?', difficulty: 1, answer: '42' };
const solution = (answer: string, text = `The answer is ${answer}.`): Solution => ({ source: 'L0.0:CoT', text, answer });

describe('operators', () => {
  it('parseChoice takes the last valid letter', () => {
    expect(parseChoice('Comparing (A) and (B), the answer is (B).', 3)).toBe(1);
    expect(parseChoice('I pick (D) or rather (A)', 3)).toBe(0);
    expect(parseChoice('(Z) is best', 3)).toBeNull();
  });

  it('ScEnsemble picks the lettered candidate, and falls back to the majority on a bad reply', async () => {
    const inputs = [solution('7'), solution('42'), solution('42')];
    const good = scripted(() => 'The most consistent answer is (A).');
    expect((await operators.ScEnsemble.run(contextFor('gsm8k', gsm, good, inputs).context))[0]!.answer).toBe('7');
    expect(good.requests[0]!.meta?.inputs).toEqual(['7', '42', '42']);
    const confused = scripted(() => 'They all look fine to me.');
    expect((await operators.ScEnsemble.run(contextFor('gsm8k', gsm, confused, inputs).context))[0]!.answer).toBe('42');
  });

  it('MultiCoT makes three concurrent samples and its path is the longest one', async () => {
    const lengths = [5, 30, 12];
    const model = scripted((_, i) => `${'word '.repeat(lengths[i]!)}The answer is 42.`);
    const { context, runtime, ledger } = contextFor('gsm8k', gsm, model);
    const solutions = await operators.MultiCoT.run(context);
    expect(solutions).toHaveLength(3);
    expect(new Set(model.requests.map((request) => request.sampleIndex))).toEqual(new Set([0, 1, 2]));
    expect(ledger.totals().llmCalls).toBe(3);
    expect(runtime.proxyTokens).toBe(30 + 4);
    expect(runtime.timeline.now()).toBe(100); // three calls of 100 ms at once
  });

  it('Programmer runs its program in the sandbox and retries with the error', async () => {
    const programs = ['```python\nprint(undefined_value)\n```', '```python\nprint(6 * 7)\n```'];
    const model = scripted((_, i) => programs[i]!);
    const { context, runtime } = contextFor('gsm8k', gsm, model);
    const [result] = await operators.Programmer.run(context);
    expect(result!.answer).toBe('42');
    expect(model.requests).toHaveLength(2);
    expect(model.requests[1]!.messages.at(-1)!.content).toContain("NameError: name 'undefined_value' is not defined");
    expect(model.requests[1]!.meta?.attempt).toBe(1);
    expect(runtime.toolMs).toBe(200); // two sandboxed runs at the nominal virtual-time cost
  });

  it('Programmer ends a looping program at its CPU budget, not at a wall deadline, and retries', async () => {
    const programs = ['```python\nwhile True:\n    pass\n```', '```python\nprint(6 * 7)\n```'];
    const model = scripted((_, i) => programs[i]!);
    const [result] = await operators.Programmer.run(contextFor('gsm8k', gsm, model).context);
    expect(result!.answer).toBe('42');
    expect(model.requests[1]!.messages.at(-1)!.content).toContain('the program timed out');
  });

  it('Test runs the public tests and takes the rewrite when they fail', async () => {
    const problem: CodeProblem = {
      id: 'c',
      taskId: 'c',
      index: 0,
      question: '',
      prompt: 'def double(x):\n    """Twice x."""\n',
      entryPoint: 'double',
      test: 'def check(candidate):\n    assert candidate(2) == 4\n',
      canonicalSolution: '    return 2 * x\n',
      difficulty: 1,
    };
    const model = scripted(() => 'Fixed:\n```python\ndef double(x):\n    return x * 2\n```');
    const buggy: Solution = { source: 'L0.0:CustomCodeGenerate', text: '```python\n    return x + 2\n```', answer: '    return x + 3' };
    problem.publicTests = { taskId: 'c', entryPoint: 'double', asserts: ['assert candidate(3) == 6'] };
    const { context } = contextFor('humaneval', problem, model, [buggy]);
    const [fixed] = await operators.Test.run(context);
    expect(model.requests).toHaveLength(1);
    expect(fixed!.answer).toContain('return x * 2');
  });

  it('EarlyStop makes no call and adds no solution', async () => {
    const model = scripted(() => 'x');
    expect(await operators.EarlyStop.run(contextFor('gsm8k', gsm, model, [solution('1')]).context)).toEqual([]);
    expect(model.requests).toHaveLength(0);
  });
});
