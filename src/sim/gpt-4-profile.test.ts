import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';
import type { ChatRequest } from '../llm/chat-model.ts';
import { PriceTable } from '../llm/pricing.ts';
import { createSimChatModel } from './sim-chat-model.ts';
import { loadSimProfile, profilePath, simProfileSchema } from './sim-profile.ts';

const gsmRequest = (queryId: string): ChatRequest => ({
  messages: [{ role: 'user', content: `Solve: question ${queryId}` }],
  meta: { task: 'gsm8k', queryId, role: 'cot', difficulty: 4, reference: '42' },
});

describe('sim:gpt-4, the second sim profile (strong, slow, expensive)', () => {
  it('loads by name and by its versioned name, validates, and has no MATH entry (no gpt-4 MATH recording)', () => {
    const profile = loadSimProfile('gpt-4');
    expect(profile).toEqual(loadSimProfile('gpt-4-v3'));
    expect(simProfileSchema.safeParse(JSON.parse(readFileSync(profilePath('gpt-4'), 'utf8'))).success).toBe(true);
    expect(profile).toMatchObject({ name: 'gpt-4', model: 'gpt-4', version: 3 });
    expect(Object.keys(profile.tasks).sort()).toEqual(['gsm8k', 'humaneval']);
  });

  it('is slower per token and dearer per token than gpt-4o-mini', async () => {
    const [big, mini] = [loadSimProfile('gpt-4'), loadSimProfile('gpt-4o-mini')];
    expect(1 / big.latency.tokensPerSecond).toBeGreaterThan(1 / mini.latency.tokensPerSecond);
    expect(big.latency.firstTokenMs).toBeGreaterThan(mini.latency.firstTokenMs);
    const prices = new PriceTable();
    expect(prices.priceOf('gpt-4')!.input).toBeGreaterThan(prices.priceOf('gpt-4o-mini')!.input);
    expect(prices.priceOf('gpt-4')!.output).toBeGreaterThan(prices.priceOf('gpt-4o-mini')!.output);
    // The same calls, answered by each: time per completion token, summed over 20 queries (seeded, virtual time).
    const msPerToken = async (name: string) => {
      const model = createSimChatModel({ profile: loadSimProfile(name), seed: 0 });
      let ms = 0;
      let tokens = 0;
      for (let i = 0; i < 20; i++) {
        const response = await model.chat(gsmRequest(`q${i}`));
        ms += response.latencyMs - (response.firstTokenMs ?? 0);
        tokens += response.usage.completionTokens;
      }
      return ms / tokens;
    };
    expect(await msPerToken('gpt-4')).toBeGreaterThan(await msPerToken('gpt-4o-mini'));
  });

  it('runs `lamas run --llm sim:gpt-4 --task gsm8k --topology cot --json`, simulated, costing more per token than gpt-4o-mini', async () => {
    const run = async (llm: string) => {
      const result = await runCli(['run', '--llm', llm, '--task', 'gsm8k', '--topology', 'cot', '--limit', '6', '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/no price known/);
      return JSON.parse(result.stdout) as { backend: string; simulated: boolean; n: number; costUsd: number; promptTokens: number; completionTokens: number; cpTokens: { mean: number }; cpWallMs: { mean: number } };
    };
    const big = await run('sim:gpt-4');
    const mini = await run('sim:gpt-4o-mini');
    expect(big).toMatchObject({ backend: 'sim:gpt-4', simulated: true, n: 6 });
    const perToken = (summary: typeof big) => summary.costUsd / (summary.promptTokens + summary.completionTokens);
    expect(perToken(big)).toBeGreaterThan(10 * perToken(mini));
    expect(big.cpWallMs.mean / big.cpTokens.mean).toBeGreaterThan(mini.cpWallMs.mean / mini.cpTokens.mean);
  });

  it('refuses MATH before anything runs: exit 2 naming --llm and the tasks it simulates', async () => {
    const result = await runCli(['run', '--llm', 'sim:gpt-4', '--task', 'math', '--topology', 'cot', '--limit', '1', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--llm.*sim profile gpt-4 has no "math" entry: it simulates gsm8k, humaneval only/);
  });
});
