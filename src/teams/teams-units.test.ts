import { describe, expect, it } from 'vitest';
import { embeddedDataPath } from '../../data/index.ts';
import { withGuidance } from '../../operators/prompts/index.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import type { ChatModel } from '../llm/chat-model.ts';
import { LlmClient } from '../llm/llm-client.ts';
import { PriceTable } from '../llm/pricing.ts';
import { VirtualTimeline } from '../llm/timeline.ts';
import { UsageLedger } from '../llm/usage-ledger.ts';
import { gsm8kTask } from '../tasks/gsm8k/index.ts';
import { mathTask } from '../tasks/math/index.ts';
import type { Task } from '../tasks/task.ts';
import { UsageError } from '../util/errors.ts';
import { chooseAnswer, type Candidate } from './choose-answer.ts';
import { resolveTeamsConfig } from './teams-config.ts';
import { truncateCall } from './truncate-rows.ts';
import { VirtualGate } from './virtual-gate.ts';

const [problem] = await gsm8kTask.load(embeddedDataPath('gsm8k', 'test'));

describe('guidance in operator prompts', () => {
  it('leaves every prompt byte-identical without a plan', () => {
    const prompts = gsm8kTask.prompts;
    expect(withGuidance(prompts, undefined)).toBe(prompts);
    expect(withGuidance(prompts, '  ')).toBe(prompts);
  });

  it('appends the plan to the user message of solving calls, not to selection', () => {
    const guided = withGuidance(mathTask.prompts, '- factor it\n- check');
    const plain = mathTask.prompts.cot(problem!);
    const cot = guided.cot(problem!);
    expect(cot[0]).toEqual(plain[0]);
    expect(cot[1]!.content).toBe(`${plain[1]!.content}\n\nPlan to follow:\n- factor it\n- check`);
    expect(guided.selfRefine(problem!, 'draft')[1]!.content).toContain('Plan to follow:');
    expect(guided.scSelect(problem!, ['a', 'b'])).toEqual(mathTask.prompts.scSelect(problem!, ['a', 'b']));
  });
});

describe('teams config', () => {
  it('fills defaults and rejects meaningless combinations', () => {
    expect(resolveTeamsConfig({})).toEqual({ teams: 3, mode: 'early-stop', k: 1, aggregator: 'majority', planning: 'repeated', maxAttempts: 2 });
    expect(resolveTeamsConfig({ teams: 5, mode: 'aggregate' }).k).toBe(5);
    expect(() => resolveTeamsConfig({ teams: 3, mode: 'aggregate', k: 4 })).toThrow(UsageError);
    expect(() => resolveTeamsConfig({ mode: 'early-stop', aggregator: 'llm' })).toThrow(/--aggregator/);
    expect(() => resolveTeamsConfig({ k: 2 })).toThrow(/--k/);
  });
});

describe('virtual-time cut at the cutoff', () => {
  const prices = new PriceTable();
  const call = (start: number, end: number): LlmCallRecord => ({
    kind: 'llm', run: 'r', query: 'q', layer: 0, operator: 'x', model: 'gpt-4o-mini', promptTokens: 1000, completionTokens: 400,
    costUsd: prices.costUsd('gpt-4o-mini', { promptTokens: 1000, completionTokens: 400 }), billedUsd: 0, start, end, latencyMs: end - start, cacheHit: false, cancelled: false, retries: 0,
  });

  it('keeps calls that ended, drops calls not yet started, and cuts the one in flight', () => {
    expect(truncateCall(call(0, 100), 100, prices)).toEqual(call(0, 100));
    expect(truncateCall(call(100, 200), 100, prices)).toBeNull();
    const cut = truncateCall(call(50, 250), 100, prices)!;
    expect(cut).toMatchObject({ promptTokens: 1000, completionTokens: 100, end: 100, latencyMs: 50, cancelled: true });
    expect(cut.costUsd).toBeCloseTo(prices.costUsd('gpt-4o-mini', { promptTokens: 1000, completionTokens: 100 }), 15);
  });
});

describe('virtual gate', () => {
  it('lets teams decide in simulated-time order, whatever order they reach the gate', async () => {
    const gate = new VirtualGate(3);
    const order: string[] = [];
    const decide = (team: number, at: number) => gate.wait(team, at).then(() => order.push(`t${team}@${at}`));
    const late = decide(2, 50); // reaches the gate first, but at a later simulated time
    const early = decide(0, 10);
    await Promise.resolve();
    expect(order).toEqual([]); // team 1 is still working on something that began at 0
    gate.finish(1);
    await early;
    expect(order).toEqual(['t0@10']);
    // Team 0 now works from 10: team 2 (at 50) must wait until it is done or waits again.
    const again = decide(0, 30);
    await again;
    expect(order).toEqual(['t0@10', 't0@30']);
    gate.finish(0);
    await late;
    expect(order).toEqual(['t0@10', 't0@30', 't2@50']);
  });
});

describe('choosing the final answer', () => {
  const candidates = (answers: string[], correct: boolean[]): Candidate[] =>
    answers.map((answer, team) => ({ team, text: `The answer is ${answer}.`, answer, correct: async () => correct[team]! }));
  const replying = (reply: string): ChatModel => ({
    provider: 'sim', modelId: 'gpt-4o-mini', simulated: true, virtualTime: true,
    chat: async () => ({ texts: [reply], usage: { promptTokens: 10, completionTokens: 5 }, model: 'gpt-4o-mini', latencyMs: 10, cached: false, retries: 0 }),
    embed: async () => [],
  });
  const choose = (aggregator: 'majority' | 'llm' | 'best-of-k', reply = '(C)') =>
    chooseAnswer({
      task: gsm8kTask as Task, problem: problem!, mode: 'aggregate', aggregator, fallback: false,
      candidates: candidates(['7', '9', '9', '12'], [false, false, false, true]),
      llm: { client: new LlmClient({ model: replying(reply) }), scope: { run: 'r', query: 'q', layer: -1, operator: 'aggregate', ledger: new UsageLedger(), timeline: new VirtualTimeline() } },
    });

  it('majority, a validated LLM letter (else majority), and the oracle', async () => {
    expect(await choose('majority')).toEqual({ index: 1, fellBack: false });
    expect(await choose('llm', 'Team C checks out. (C)')).toEqual({ index: 2, fellBack: false });
    expect(await choose('llm', 'I pick (Z)')).toEqual({ index: 1, fellBack: true });
    expect(await choose('best-of-k')).toEqual({ index: 3, fellBack: false });
  });
});
