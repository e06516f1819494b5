import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, OperatorRole, RequestMeta } from '../llm/chat-model.ts';
import { countTokens } from '../llm/count-tokens.ts';
import { UsageError } from '../util/errors.ts';
import { faithfulCotPrelude } from './render-recorded.ts';
import { createReplayChatModel, recordedSampleOf } from './replay-chat-model.ts';
import { findReplayModel } from './replay-models.ts';
import { ReplayStats } from './replay-stats.ts';
import { ReplayStore } from './replay-store.ts';
import { checkOperatorsCovered } from './role-coverage.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/replay/dir');
const questions = ['A farmer has 12 apples and buys 5 more. How many apples does he have now?', 'Tom reads 8 pages a day for 6 days. How many pages does he read in all?'];

function replay(name: string) {
  const model = findReplayModel(name)!;
  const stats = new ReplayStats();
  return { chatModel: createReplayChatModel({ model, store: new ReplayStore(fixtures, model), stats }), stats };
}

function call(role: OperatorRole, question: number, more: Partial<ChatRequest> = {}, meta: Partial<RequestMeta> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: `${questions[question]}\n\nAnswer concisely.` }],
    meta: { task: 'gsm8k', queryId: `mine-${question}`, role, difficulty: 1, reference: '', ...meta },
    ...more,
  };
}

describe('replay:<model> answers from the recordings', () => {
  it('maps a role to its recorded style, sample indices to the recorded samples, and counts reuse', async () => {
    const { chatModel, stats } = replay('gpt-4o-mini');
    expect((await chatModel.chat(call('generate', 1))).texts[0]).toContain('\\boxed{46}');
    // The second node of a query (sample 16) takes the second recording: Re2 read twice.
    expect(recordedSampleOf(16)).toBe(1);
    expect((await chatModel.chat(call('generate', 1, { sampleIndex: 16 }))).texts[0]).toBe('Read twice: \\(\\boxed{48}\\).');
    expect((await chatModel.chat(call('cot', 0, { sampleIndex: 2 }))).texts[0]).toBe('12 + 5 = 17. \\(\\boxed{17}\\)');
    expect(stats.summary()).toMatchObject({ recordedCalls: 3, synthesizedCalls: 0, reusedSamples: 1, recordedShare: 1, latency: 'modeled' });
    expect(stats.summary().sources).toHaveLength(2);
  });

  it('counts output tokens with the model tokenizer over the recorded text and models latency', async () => {
    const { chatModel } = replay('gpt-4o-mini');
    const response = await chatModel.chat(call('cot', 0));
    const tokens = countTokens('12 + 5 = 17. \\(\\boxed{17}\\)');
    expect(response.usage.completionTokens).toBe(tokens);
    expect(response.latencyMs).toBeCloseTo(400 + (tokens / 80) * 1000, 6);
    expect(chatModel.simulated).toBe(false);
    expect(response.model).toBe('gpt-4o-mini');
  });

  it('synthesizes ScEnsemble selection as the plurality of the candidates and refuses an uncovered role', async () => {
    const { chatModel, stats } = replay('gpt-4o-mini');
    const select = await chatModel.chat(call('sc-select', 0, {}, { inputs: ['17', '18', '18.0'] }));
    expect(select.texts[0]).toContain('(B)');
    const refine = await chatModel.chat(call('self-refine', 0, {}, { inputs: ['17'] }));
    expect(refine.texts[0]).toContain('The answer is 17.');
    expect(stats.summary()).toMatchObject({ recordedCalls: 0, synthesizedCalls: 2, recordedShare: 0 });
    await expect(chatModel.chat(call('programmer', 0))).rejects.toThrow(/covers generate, cot, sc-select, self-refine/);
    expect(() => checkOperatorsCovered(findReplayModel('gpt-4o-mini')!, 'gsm8k', ['CoT', 'Programmer'])).toThrow(UsageError);
    expect(() => checkOperatorsCovered(findReplayModel('gpt-4o-mini')!, 'gsm8k', ['CoT', 'CoT', 'ScEnsemble'])).not.toThrow();
  });

  it('renders a recorded program for the Programmer to run, counting a retry as reused', async () => {
    const { chatModel, stats } = replay('gpt-4');
    const first = await chatModel.chat(call('programmer', 0, {}, { attempt: 0 }));
    // The recorded program ends in a stray '#', which is dropped as the source's solver drops it.
    expect(first.texts[0]).toBe(`\`\`\`python\n${faithfulCotPrelude}\nx = Symbol('x')\nbought = 5\napples = solve_it(Eq(x - bought, 12), x)[x]\nanswer = apples\nprint(answer)\n\`\`\``);
    await chatModel.chat(call('programmer', 0, {}, { attempt: 1 }));
    expect(stats.summary()).toMatchObject({ recordedCalls: 2, reusedSamples: 1 });
  });

  it('uses the source API token count where recorded (MapCoder)', async () => {
    const { chatModel } = replay('gpt-3.5-turbo');
    const request: ChatRequest = { messages: [{ role: 'user', content: 'def neg(x):' }], meta: { task: 'humaneval', queryId: 'HumanEval_1', role: 'cot', difficulty: 1, reference: '' } };
    const response = await chatModel.chat(request);
    expect(response.texts[0]).toBe('def neg(x):\n    return x\n');
    expect(response.usage.completionTokens).toBe(42);
  });

  it('fails a question no source recorded, naming the query', async () => {
    const { chatModel } = replay('gpt-4o-mini');
    const request: ChatRequest = { messages: [{ role: 'user', content: 'How many moons has Mars?' }], meta: { task: 'gsm8k', queryId: 'moons', role: 'cot', difficulty: 1, reference: '' } };
    await expect(chatModel.chat(request)).rejects.toThrow(/query moons matches no recorded gsm8k question/);
  });
});
