import { describe, expect, it } from 'vitest';
import type { ChatRequest, RequestMeta } from '../llm/chat-model.ts';
import { countTokens } from '../llm/count-tokens.ts';
import type { CallCancelledError } from '../llm/llm-errors.ts';
import { extractGsm8kAnswer } from '../tasks/gsm8k/index.ts';
import { extractBoxed } from '../tasks/math/index.ts';
import { createSimChatModel } from './sim-chat-model.ts';
import { loadSimProfile } from './sim-profile.ts';

const profile = loadSimProfile('gpt-4o-mini');
const gsmMeta = (queryId: string, extra: Partial<RequestMeta> = {}): RequestMeta => ({
  task: 'gsm8k',
  queryId,
  role: 'cot',
  difficulty: 3,
  reference: '42',
  ...extra,
});
const ask = (meta: RequestMeta, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: `Solve problem ${meta.queryId}` }],
  temperature: 0.7,
  meta,
  ...extra,
});

describe('sim chat model', () => {
  it('is byte-identical for the same seed and differs across seeds', async () => {
    const run = async (seed: number) => {
      const model = createSimChatModel({ profile, seed });
      const responses = [];
      for (let i = 0; i < 20; i++) responses.push(await model.chat(ask(gsmMeta(`q${i}`), { sampleIndex: i % 3 })));
      return JSON.stringify(responses);
    };
    expect(await run(7)).toBe(await run(7));
    expect(await run(7)).not.toBe(await run(8));
  });

  it('refuses a task it has no rules for instead of answering it as GSM8K', async () => {
    const model = createSimChatModel({ profile, seed: 1 });
    await expect(model.chat(ask(gsmMeta('q1', { task: 'chess' })))).rejects.toThrow('unknown task "chess" (expected one of gsm8k, math, humaneval)');
  });

  it('answers in the task format so the real extractors read it, with real token counts', async () => {
    const model = createSimChatModel({ profile, seed: 1 });
    const answers = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const response = await model.chat(ask(gsmMeta(`q${i}`)));
      const text = response.texts[0]!;
      expect(response.usage.completionTokens).toBe(countTokens(text));
      const extracted = extractGsm8kAnswer(text)!;
      answers.set(extracted, (answers.get(extracted) ?? 0) + 1);
    }
    // Mostly right at this difficulty, wrong answers drawn from a small pool.
    expect(answers.get('42')!).toBeGreaterThan(150);
    expect(answers.get('42')!).toBeLessThan(200);
    expect(answers.size).toBeLessThan(12);

    const math = await model.chat(ask(gsmMeta('m1', { task: 'math', reference: '\\frac{3}{8}', difficulty: 1 })));
    expect(extractBoxed(math.texts[0]!)).not.toBeNull();
  });

  it('draws distinct samples per sample index and n samples per request', async () => {
    const model = createSimChatModel({ profile, seed: 3 });
    const texts = new Set<string>();
    for (let i = 0; i < 5; i++) texts.add((await model.chat(ask(gsmMeta('same'), { sampleIndex: i }))).texts[0]!);
    expect(texts.size).toBe(5);
    const many = await model.chat(ask(gsmMeta('same'), { n: 4 }));
    expect(new Set(many.texts).size).toBe(4);
    expect(many.usage.completionTokens).toBe(many.texts.reduce((sum, text) => sum + countTokens(text), 0));
  });

  it('has gpt-4o-mini speed: ~0.4 s to first token and ~80 tokens/s', async () => {
    const model = createSimChatModel({ profile, seed: 5 });
    let first = 0;
    let rate = 0;
    const n = 200;
    for (let i = 0; i < n; i++) {
      const response = await model.chat(ask(gsmMeta(`t${i}`)));
      first += response.firstTokenMs!;
      rate += response.usage.completionTokens / ((response.latencyMs - response.firstTokenMs!) / 1000);
    }
    expect(first / n).toBeGreaterThan(300);
    expect(first / n).toBeLessThan(550);
    expect(rate / n).toBeGreaterThan(65);
    expect(rate / n).toBeLessThan(100);
  });

  it('selects among the inputs it is given, by letter', async () => {
    const model = createSimChatModel({ profile, seed: 9 });
    let pickedCorrect = 0;
    for (let i = 0; i < 100; i++) {
      const meta = gsmMeta(`s${i}`, { role: 'sc-select', inputs: ['7', '42', '7'] });
      const text = (await model.chat(ask(meta))).texts[0]!;
      const letter = /\(([A-C])\)\.$/.exec(text)?.[1];
      expect(letter).toBeDefined();
      if (letter === 'B') pickedCorrect++;
    }
    // A sharp selector finds the lone right answer; otherwise the plurality (wrong) wins.
    expect(pickedCorrect).toBeGreaterThan(60);
    expect(pickedCorrect).toBeLessThan(100);
  });

  it('writes real programs for Programmer that print the answer or raise', async () => {
    const model = createSimChatModel({ profile, seed: 11 });
    const texts = [];
    for (let i = 0; i < 40; i++) texts.push((await model.chat(ask(gsmMeta(`p${i}`, { role: 'programmer' })))).texts[0]!);
    expect(texts.every((text) => text.includes('print(solve())'))).toBe(true);
    const raising = texts.filter((text) => /result \/ 0|helper\(result\)/.test(text)).length;
    expect(raising).toBeGreaterThan(0);
    expect(raising).toBeLessThan(20);
  });

  it('stops a real-time call on abort and reports only the tokens so far', async () => {
    const full = await createSimChatModel({ profile, seed: 2 }).chat(ask(gsmMeta('slow')));
    const model = createSimChatModel({ profile, seed: 2, time: 'real', scale: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await model.chat(ask(gsmMeta('slow'), { signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CallCancelledError' });
    // No wall-clock bound (a loaded machine breaks those): a cut call reports fewer tokens than the whole answer.
    expect((error as CallCancelledError).usage.completionTokens).toBeLessThan(full.usage.completionTokens);
  });

  it('cancels a real-time call whose signal aborted before it began, having produced nothing', async () => {
    const model = createSimChatModel({ profile, seed: 2, time: 'real', scale: 1 });
    const error = await model.chat(ask(gsmMeta('slow'), { signal: AbortSignal.abort() })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CallCancelledError' });
    expect((error as CallCancelledError).usage.completionTokens).toBe(0);
  });
});
