import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';
import type { ChatModel, ChatRequest } from '../llm/chat-model.ts';
import { requestCacheKey } from '../llm/cache/index.ts';
import { createPythonSandbox } from '../sandbox/python-sandbox.ts';
import { backendOptionsSchema } from './backend-options.ts';
import type { Provider } from './provider.ts';
import { builtInProviders, llmSpecProblem, registerProvider, registeredProviders, resolveLlm } from './provider-registry.ts';

/**
 * Issue 13.2: a provider is a folder plus one registry line. The throwaway `echo` provider below
 * is registered by this test alone (no core file names it) and runs `lamas run` end to end:
 * flag check, preflight, model, cache, pricing and summary all come from the registry.
 */

let chats = 0;
const preflights: string[] = [];

/** Answers every call with the reference answer its meta carries. */
function echoModel(voice: string): ChatModel {
  return {
    provider: 'echo',
    modelId: voice,
    simulated: false,
    virtualTime: true,
    async chat(request: ChatRequest) {
      chats += 1;
      return {
        texts: [`${voice} says: the answer is ${request.meta?.reference ?? 'unknown'}.`],
        usage: { promptTokens: 10, completionTokens: 5 },
        model: voice,
        latencyMs: 100,
        cached: false,
        retries: 0,
      };
    },
    embed: async ({ texts }) => texts.map((text) => [text.length]),
  };
}

const echoProvider: Provider = {
  name: 'echo',
  usage: 'echo:<voice>',
  simulated: false,
  cacheByDefault: false,
  prices: { parrot: { input: 1, output: 2 } },
  checkModel: (voice) => (voice === 'mute' ? 'the echo provider has no mute voice' : undefined),
  preflight: async (voice) => {
    preflights.push(voice);
    return { lamasSim: false };
  },
  create: (voice) => ({ model: echoModel(voice), scope: 'echo' }),
};

const dir = mkdtempSync(join(tmpdir(), 'lamas-provider-registry-'));
let unregister: () => void = () => undefined;
beforeAll(() => {
  unregister = registerProvider(echoProvider);
});
afterAll(() => {
  unregister();
  rmSync(dir, { recursive: true, force: true });
});

const run = (llm: string, ...more: string[]) => runCli(['run', '--task', 'gsm8k', '--limit', '2', '--topology', 'cot', '--llm', llm, '--json', ...more]);

describe('a provider registered from outside the core', { timeout: 60_000 }, () => {
  it('runs `lamas run` end to end: preflight, model, prices and summary', async () => {
    const before = chats;
    const result = await run('echo:parrot');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ backend: 'echo:parrot', simulated: false, n: 2, accuracy: 1, llmCalls: 2, cacheHits: 0 });
    // Priced from the provider's own table: 2 x (10 x $1 + 5 x $2) per 1M tokens.
    expect(summary.costUsd).toBeCloseTo(40 / 1e6, 12);
    expect(result.stderr).not.toContain('no price known');
    expect(preflights).toContain('parrot');
    expect(chats - before).toBe(2);
  });

  it('is cached under its own name with --cache PATH, and not by default', async () => {
    const cache = join(dir, 'echo.sqlite');
    const before = chats;
    expect((await run('echo:parrot', '--cache', cache)).code).toBe(0);
    const again = await run('echo:parrot', '--cache', cache);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ llmCalls: 2, cacheHits: 2 });
    expect(chats - before).toBe(2);
    // cacheByDefault: false, so without --cache every run asks the model again.
    const uncached = await run('echo:parrot');
    expect(JSON.parse(uncached.stdout)).toMatchObject({ llmCalls: 2, cacheHits: 0 });
    expect(chats - before).toBe(4);
  });

  it('refuses a model its checkModel refuses: exit 2 naming --llm', async () => {
    const result = await run('echo:mute');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lamas: --llm: the echo provider has no mute voice');
  });

  it('is listed when --llm names an unknown provider (exit 2)', async () => {
    const result = await run('nope:x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lamas: --llm: unknown provider "nope" (expected sim:<profile>, openai:<model>, replay:<model> or echo:<voice>)');
  });
});

describe('the provider registry', () => {
  it('holds sim, openai and replay built in, and refuses a second provider of a name', () => {
    expect(builtInProviders.map((provider) => provider.name)).toEqual(['sim', 'openai', 'replay']);
    expect(registeredProviders().map((provider) => provider.name)).toEqual(['sim', 'openai', 'replay', 'echo']);
    expect(() => registerProvider({ ...echoProvider })).toThrow(/already registered/);
    expect(() => registerProvider({ ...echoProvider, name: 'Echo 2' })).toThrow(/lowercase/);
  });

  it('explains an --llm value it cannot use', () => {
    expect(llmSpecProblem('sim:gpt-4o-mini')).toBeUndefined();
    expect(llmSpecProblem('openai:llama3.1:8b')).toBeUndefined();
    expect(llmSpecProblem('sim')).toBe('expected sim:<profile>, openai:<model>, replay:<model> or echo:<voice>');
    expect(llmSpecProblem('sim:')).toBe('expected sim:<profile>, openai:<model>, replay:<model> or echo:<voice>');
    expect(llmSpecProblem('simx:gpt-4o-mini')).toMatch(/^unknown provider "simx"/);
    expect(resolveLlm('openai:llama3.1:8b')).toMatchObject({ provider: { name: 'openai' }, model: 'llama3.1:8b' });
    expect(() => resolveLlm('nope:x')).toThrow(/^--llm: unknown provider "nope"/);
  });

  it('builds models whose cache keys are those from before the registry (existing caches keep hitting)', () => {
    const request: ChatRequest = {
      messages: [
        { role: 'system', content: 'You solve math problems.' },
        { role: 'user', content: 'What is 2 + 2?' },
      ],
      temperature: 0.7,
      maxTokens: 256,
      sampleIndex: 2,
      meta: { task: 'gsm8k', queryId: 'q1', role: 'cot', difficulty: 3, reference: '4' },
    };
    const sandbox = createPythonSandbox();
    const keyOf = (llm: string, flags: Record<string, unknown> = {}) => {
      const options = backendOptionsSchema.parse({ llm, ...flags });
      const { provider, model } = resolveLlm(llm);
      const built = provider.create(model, { options, sandbox });
      return requestCacheKey(built.model, request, { scope: built.scope });
    };
    // The v2 profile keeps its keys (existing caches keep hitting); the default is v3 since issue 14
    // item 4, and its scope `@v3` keeps v2 replies out of v3 runs.
    expect(keyOf('sim:gpt-4o-mini-v2')).toBe('346daf3cbf14342c385404e6eab7697685ae3c7b4e28e4da196a5c256a8b9e50');
    expect(keyOf('sim:gpt-4o-mini')).toBe('0d8588ed0cc6251711c7e56a086ba60befe36dedd9692b127dfb8b0245f4b95b');
    expect(keyOf('sim:gpt-4o-mini-v3')).toBe(keyOf('sim:gpt-4o-mini'));
    expect(keyOf('openai:llama3', { baseUrl: 'http://127.0.0.1:8000/v1' })).toBe('26b45f3bb4e252a8b0952b1fbfe8acd5b4223ac5f5b45505734e910725c964ff');
  });
});
