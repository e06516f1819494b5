import { describe, expect, it } from 'vitest';
import { createSimChatModel } from '../../sim/sim-chat-model.ts';
import { loadSimProfile } from '../../sim/sim-profile.ts';
import { UsageError } from '../../util/errors.ts';
import { createQueryEncoder, parseQueryEncoderSpec } from './create-query-encoder.ts';

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('createQueryEncoder', () => {
  it('builds the hash encoder, and rebuilds a non-default one from its own spec', () => {
    const standard = createQueryEncoder('hash');
    expect(standard.spec).toBe('hash');
    expect(standard.dimension).toBe(256);
    const wide = createQueryEncoder('hash:128');
    expect(wide.dimension).toBe(128);
    expect(createQueryEncoder(wide.spec).dimension).toBe(128);
  });

  it('builds an embeddings encoder over the given backend', async () => {
    const model = createSimChatModel({ profile: loadSimProfile('gpt-4o-mini'), seed: 1 });
    const encoder = createQueryEncoder('embeddings:text-embedding-3-small', { model });
    expect(encoder.spec).toBe('embeddings:text-embedding-3-small');
    const [vector] = await encoder.encode(['hello world']);
    expect(encoder.dimension).toBe(256);
    expect(vector).toHaveLength(256);
  });

  it('rejects bad specs with a UsageError naming --encoder', () => {
    for (const spec of ['', 'bert', 'hash:', 'hash:abc', 'hash:8', 'hash:64.5', 'embeddings:', 'embeddings:  ']) {
      const error = usageError(() => createQueryEncoder(spec));
      expect(error.flag).toBe('--encoder');
      expect(error.message).toMatch(/^--encoder: /);
      expect(error.exitCode).toBe(2);
    }
    expect(usageError(() => createQueryEncoder('bert')).message).toMatch(/unknown query encoder "bert"; use hash, hash:<dimension> or embeddings:<model>/);
  });

  it('says when an embeddings encoder has no backend', () => {
    expect(usageError(() => createQueryEncoder('embeddings:nomic-embed-text', {})).message).toMatch(/needs an LLM backend/);
  });

  it('parses specs without building anything', () => {
    expect(parseQueryEncoderSpec('hash')).toEqual({ kind: 'hash', dimension: 256 });
    expect(parseQueryEncoderSpec('hash:512')).toEqual({ kind: 'hash', dimension: 512 });
    expect(parseQueryEncoderSpec('embeddings:Qwen/Qwen3-Embedding-0.6B')).toEqual({ kind: 'embeddings', model: 'Qwen/Qwen3-Embedding-0.6B' });
  });
});
