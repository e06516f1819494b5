import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';
import type { ChatModel, ChatRequest } from '../llm/chat-model.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import type { OperatorRecord } from '../graph/operator-record.ts';
import type { Provider } from './provider.ts';
import { registerProvider } from './provider-registry.ts';

/**
 * Issue 16 items 1-3: a topology mixing models runs each node on its own model's backend, prices
 * each call at that model's prices, sums every model's usage, and weighs each node's tokens on the
 * proxy by its model's time per token relative to the first model (DESIGN §11). Two voices of a
 * throwaway provider stand for two models: they differ in price and speed, and count their calls.
 */

const calls = { fast: 0, slow: 0 };
/** USD per 1M tokens; ms per completion token. */
const voices = { fast: { price: { input: 1, output: 2 }, msPerToken: 10, completion: 5 }, slow: { price: { input: 10, output: 20 }, msPerToken: 40, completion: 7 } } as const;

function voiceModel(voice: keyof typeof voices): ChatModel {
  return {
    provider: 'tally',
    modelId: voice,
    simulated: false,
    virtualTime: true,
    async chat(request: ChatRequest) {
      calls[voice]! += 1;
      return { texts: [`${voice}: the answer is ${request.meta?.reference ?? '0'}.`], usage: { promptTokens: 10, completionTokens: voices[voice].completion }, model: voice, latencyMs: 100, cached: false, retries: 0 };
    },
    embed: async ({ texts }) => texts.map((text) => [text.length]),
  };
}

const tallyProvider: Provider = {
  name: 'tally',
  usage: 'tally:<voice>',
  simulated: false,
  cacheByDefault: false,
  prices: { fast: voices.fast.price, slow: voices.slow.price },
  checkModel: (voice) => (voice in voices ? undefined : `no voice "${voice}"`),
  create: (voice) => {
    const known = voice as keyof typeof voices;
    return { model: voiceModel(known), scope: 'tally', msPerToken: voices[known].msPerToken };
  },
};

const dir = mkdtempSync(join(tmpdir(), 'lamas-several-models-'));
let unregister: () => void = () => undefined;
beforeAll(() => {
  unregister = registerProvider(tallyProvider);
});
afterAll(() => {
  unregister();
  rmSync(dir, { recursive: true, force: true });
});

const models = 'mini=tally:fast,big=tally:slow';
const run = (...args: string[]) => runCli(['run', '--task', 'gsm8k', '--limit', '2', '--json', ...args]);

describe('several models in one graph (--models)', { timeout: 120_000 }, () => {
  it("routes each node's calls to its own model, prices them at its prices, sums every model and weighs the proxy by speed", async () => {
    const out = join(dir, 'mixed');
    const before = { ...calls };
    const result = await run('--models', models, '--topology', 'CoT, Generate@big > CoT@big', '--out', out);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const rows = readFileSync(join(out, 'trace.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LlmCallRecord | OperatorRecord);
    const llm = rows.filter((row): row is LlmCallRecord => row.kind === 'llm');
    const nodes = rows.filter((row): row is OperatorRecord => row.kind === 'operator');
    // Every node names its model; a node without @ is the first model's.
    expect([...new Set(nodes.map((node) => node.node))].sort()).toEqual(['L0.0:CoT@mini', 'L0.1:Generate@big', 'L1.0:CoT@big']);
    for (const call of llm) expect(call.model).toBe(call.operator.endsWith('@big') ? 'slow' : 'fast');
    expect(calls.fast - before.fast).toBe(llm.filter((call) => call.model === 'fast').length);
    expect(calls.slow - before.slow).toBe(llm.filter((call) => call.model === 'slow').length);
    expect(llm.filter((call) => call.model === 'slow').length).toBeGreaterThan(0);
    // Each call at its own model's prices.
    for (const call of llm) {
      const price = voices[call.model as keyof typeof voices].price;
      expect(call.costUsd).toBeCloseTo((call.promptTokens * price.input + call.completionTokens * price.output) / 1e6, 15);
    }
    // Usage sums every model; the per-model block splits it.
    const total = llm.reduce((sum, call) => sum + call.costUsd, 0);
    expect(summary.costUsd).toBeCloseTo(total, 12);
    expect(summary.llmCalls).toBe(llm.length);
    expect(summary.models.mini.llmCalls + summary.models.big.llmCalls).toBe(summary.llmCalls);
    expect(summary.models.mini.costUsd + summary.models.big.costUsd).toBeCloseTo(summary.costUsd, 12);
    expect(summary.models).toMatchObject({ mini: { backend: 'tally:fast' }, big: { backend: 'tally:slow' } });
    expect(summary.backend).toBe(models);
    // The proxy: big's tokens weigh 40/10 = 4 times the first model's.
    for (const node of nodes) expect(node.proxyTokens).toBe(node.completionTokens * (node.model === 'big' ? 4 : 1));
    expect(nodes.every((node) => node.model === 'mini' || node.model === 'big')).toBe(true);
    // Layer barrier: layer 0's slowest node (Generate@big, 7 x 4) plus layer 1's CoT@big (7 x 4).
    expect(summary.cpTokens.mean).toBe(56);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8')).toContain('"topology":"CoT@mini, Generate@big > CoT@big"');
  });

  it('a single model prints as always: no @ anywhere, no models block', async () => {
    const result = await run('--models', 'mini=tally:fast', '--topology', 'CoT@mini > CoT');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.models).toBeUndefined();
    expect(summary.backend).toBe('mini=tally:fast');
    const same = await run('--llm', 'tally:fast', '--topology', 'CoT@fast > CoT');
    expect(same.code, same.stderr).toBe(0);
    expect({ ...JSON.parse(same.stdout), backend: 'x' }).toEqual({ ...summary, backend: 'x' });
  });

  it.each([
    [['--models', 'mini=tally:fast,mini=tally:slow'], '--models: "mini=tally:slow": the model name "mini" is declared twice'],
    [['--models', 'mini=tally:fast,big=nope:x'], '--models: "big=nope:x": unknown provider "nope"'],
    [['--models', 'mini=tally:fast,big=tally:mute'], '--models: "big=tally:mute": no voice "mute"'],
    [['--models', 'mini=tally:fast,big'], '--models: "big" is not name=backend'],
    [['--models', 'mini=tally:fast,b@d=tally:slow'], '--models: "b@d=tally:slow": the model name "b@d" must be'],
    [['--models', 'mini=tally:fast,'], '--models: "" is not name=backend'],
    [['--models', models, '--llm', 'tally:fast'], '--models: replaces --llm: give --llm (one model) or --models (several'],
    [['--models', models, '--topology', 'CoT@huge'], '--topology: node "CoT@huge" names model "huge", which is not declared: --models declares mini, big'],
    [['--llm', 'tally:fast', '--topology', 'CoT@big'], '--topology: node "CoT@big" names model "big", which is not declared: the only model is fast'],
    [['--models', models, '--topology', 'CoT@'], 'bad model name after @'],
  ])('refuses %j (exit 2, naming the flag and the token)', async (args, message) => {
    const result = await run(...(args.includes('--topology') ? args : [...args, '--topology', 'cot']));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
