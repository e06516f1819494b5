import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, RequestMeta } from '../chat-model.ts';
import { cacheKey, embeddingCacheKey, requestCacheKey, type CacheKeyParts } from './cache-key.ts';
import { canonicalJson } from './canonical-json.ts';

const messages: ChatMessage[] = [
  { role: 'system', content: 'You solve math problems.' },
  { role: 'user', content: 'What is 2 + 2?' },
];

const base: CacheKeyParts = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  messages,
  temperature: 0.7,
  maxTokens: 256,
  n: 1,
  sampleIndex: 0,
  stop: ['\n\n'],
};

const meta: RequestMeta = { task: 'gsm8k', queryId: 'q1', role: 'cot', difficulty: 3, reference: '4' };

describe('cacheKey', () => {
  it('is a sha256 hex digest', () => {
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is identical for identical requests regardless of key order', () => {
    const reordered: CacheKeyParts = {
      stop: ['\n\n'],
      sampleIndex: 0,
      n: 1,
      maxTokens: 256,
      temperature: 0.7,
      messages: [
        { content: 'You solve math problems.', role: 'system' },
        { content: 'What is 2 + 2?', role: 'user' },
      ],
      model: 'gpt-4o-mini',
      provider: 'openai',
    };
    expect(cacheKey(reordered)).toBe(cacheKey(base));
    expect(cacheKey({ ...base })).toBe(cacheKey(base));
  });

  it.each<[string, Partial<CacheKeyParts>]>([
    ['sampleIndex', { sampleIndex: 1 }],
    ['temperature', { temperature: 0 }],
    ['maxTokens', { maxTokens: 512 }],
    ['model', { model: 'gpt-4o' }],
    ['provider', { provider: 'sim' }],
    ['messages', { messages: [{ role: 'user', content: 'What is 2 + 3?' }] }],
    ['message role', { messages: [{ role: 'user', content: 'You solve math problems.' }, { role: 'user', content: 'What is 2 + 2?' }] }],
    ['n', { n: 5 }],
    ['stop', { stop: ['###'] }],
    ['scope', { scope: 'seed=2' }],
    ['meta', { meta }],
  ])('differs when %s differs', (_field, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });

  it('records unset fields as null instead of guessing server defaults', () => {
    const unset: CacheKeyParts = { provider: 'openai', model: 'm', messages: base.messages };
    // An explicit undefined is the same as leaving the field out.
    expect(cacheKey({ ...unset, temperature: undefined, sampleIndex: undefined })).toBe(cacheKey(unset));
    // ...but not the same as a value the server might use by default.
    expect(cacheKey({ ...unset, temperature: 1 })).not.toBe(cacheKey(unset));
    expect(cacheKey({ ...unset, sampleIndex: 0 })).not.toBe(cacheKey(unset));
    expect(cacheKey({ ...unset, n: 1 })).not.toBe(cacheKey(unset));
  });

  it('gives n samples at temperature > 0 n distinct keys', () => {
    const keys = Array.from({ length: 5 }, (_, sampleIndex) => cacheKey({ ...base, temperature: 0.9, sampleIndex }));
    expect(new Set(keys).size).toBe(5);
  });

  it('does not split on message fields a server never sees', () => {
    const extra = { role: 'user' as const, content: 'What is 2 + 2?', note: 'local only' };
    expect(cacheKey({ ...base, messages: [messages[0]!, extra] })).toBe(cacheKey(base));
  });
});

describe('requestCacheKey', () => {
  const request: ChatRequest = { messages, temperature: 0.7, sampleIndex: 0, meta };

  it('keys on meta for a model whose answer depends on it (the sim)', () => {
    const sim = { provider: 'sim', modelId: 'gpt-4o-mini', answersFromMeta: true };
    const other = requestCacheKey(sim, { ...request, meta: { ...meta, attempt: 1 } });
    expect(other).not.toBe(requestCacheKey(sim, request));
    expect(requestCacheKey(sim, { ...request, meta: { ...meta, queryId: 'q2' } })).not.toBe(requestCacheKey(sim, request));
    // Meta key order does not matter either.
    const reordered: RequestMeta = { reference: '4', difficulty: 3, role: 'cot', queryId: 'q1', task: 'gsm8k' };
    expect(requestCacheKey(sim, { ...request, meta: reordered })).toBe(requestCacheKey(sim, request));
  });

  it('ignores meta for openai, which never sends it', () => {
    const openai = { provider: 'openai' as const, modelId: 'gpt-4o-mini' };
    expect(requestCacheKey(openai, { ...request, meta: { ...meta, queryId: 'q2' } })).toBe(requestCacheKey(openai, request));
    expect(requestCacheKey(openai, { ...request, meta: undefined })).toBe(requestCacheKey(openai, request));
    // ...unless told that the server behind it reads meta (lamas sim-server).
    expect(requestCacheKey(openai, { ...request, meta: { ...meta, queryId: 'q2' } }, { includeMeta: true })).not.toBe(
      requestCacheKey(openai, request, { includeMeta: true }),
    );
  });

  it('ignores the abort signal', () => {
    const openai = { provider: 'openai' as const, modelId: 'm' };
    expect(requestCacheKey(openai, { ...request, signal: new AbortController().signal })).toBe(requestCacheKey(openai, request));
  });

  it('separates scopes (sim seeds, server URLs)', () => {
    const sim = { provider: 'sim', modelId: 'gpt-4o-mini', answersFromMeta: true };
    expect(requestCacheKey(sim, request, { scope: 'seed=1' })).not.toBe(requestCacheKey(sim, request, { scope: 'seed=2' }));
  });
});

describe('key layout', () => {
  // Computed before providers became a registry (issue 13): existing cache files must keep hitting.
  const request: ChatRequest = { messages, temperature: 0.7, maxTokens: 256, sampleIndex: 2, meta };
  const simScope = 'sim:gpt-4o-mini@v2 seed=0';

  it('has not changed for sim and openai requests', () => {
    const sim = { provider: 'sim', modelId: 'gpt-4o-mini', answersFromMeta: true };
    expect(requestCacheKey(sim, request, { scope: simScope })).toBe('346daf3cbf14342c385404e6eab7697685ae3c7b4e28e4da196a5c256a8b9e50');
    const openai = { provider: 'openai', modelId: 'gpt-4o-mini' };
    expect(requestCacheKey(openai, request, { scope: 'https://api.openai.com/v1' })).toBe('c75288a083fbdc926ce0365fb8546dd8974baeda2417a7c04ac97ca35446a57c');
    expect(requestCacheKey({ provider: 'openai', modelId: 'llama3' }, request, { scope: 'http://127.0.0.1:8000/v1' })).toBe(
      '26b45f3bb4e252a8b0952b1fbfe8acd5b4223ac5f5b45505734e910725c964ff',
    );
  });

  it('has not changed for embeddings', () => {
    expect(embeddingCacheKey({ provider: 'sim', model: 'gpt-4o-mini', text: 'alpha', scope: simScope })).toBe('13ed1ea0a8ce3426c8f31499139201743bb3962acb205dd66a86c9a735723f7e');
    expect(embeddingCacheKey({ provider: 'openai', model: 'text-embedding-3-small', text: 'alpha', scope: 'https://api.openai.com/v1' })).toBe(
      '46059d1b0810ed605d46a347d3caf3c263b8bd9828893a2c74b11255648ef49a',
    );
  });
});

describe('embeddingCacheKey', () => {
  it('differs by text, model and scope', () => {
    const key = embeddingCacheKey({ provider: 'openai', model: 'e', text: 'a' });
    expect(embeddingCacheKey({ provider: 'openai', model: 'e', text: 'b' })).not.toBe(key);
    expect(embeddingCacheKey({ provider: 'openai', model: 'f', text: 'a' })).not.toBe(key);
    expect(embeddingCacheKey({ provider: 'openai', model: 'e', text: 'a', scope: 's' })).not.toBe(key);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2}]},"b":1}');
  });

  it('refuses non-finite numbers, which would collide with null', () => {
    expect(() => canonicalJson({ t: Number.NaN })).toThrow(/\$\.t/);
    expect(() => canonicalJson([Infinity])).toThrow(TypeError);
  });
});
