import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatModel, EmbedRequest } from '../../llm/chat-model.ts';
import { createOpenAIChatModel } from '../../llm/openai/index.ts';
import { simEmbedding } from '../../sim/sim-embeddings.ts';
import { loadSimProfile } from '../../sim/sim-profile.ts';
import { type RunningSimServer, startSimServer } from '../../sim/sim-server.ts';
import { createEmbeddingsEncoder } from './embeddings-encoder.ts';
import { EmbeddingShapeError, EncoderNotReadyError } from './encoder-errors.ts';

/** A backend that answers from a script, for shapes a real server should never send. */
function fakeModel(answer: (request: EmbedRequest) => unknown): ChatModel & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    provider: 'sim',
    modelId: 'fake',
    simulated: true,
    virtualTime: true,
    calls,
    chat: () => Promise.reject(new Error('not used')),
    embed: async (request) => {
      calls.push(request.texts);
      return answer(request) as number[][];
    },
  };
}

describe('embeddings query encoder against lamas sim-server through the openai backend', () => {
  let sim: RunningSimServer;
  /** Embedding requests the server received, with their batch sizes. */
  const requests: number[] = [];
  beforeAll(async () => {
    sim = await startSimServer({ profile: loadSimProfile('gpt-4o-mini'), seed: 1 });
    // Counted on the HTTP server itself, so the test sees what really went over the wire.
    sim.server.server.on('request', (request) => {
      if (request.url?.endsWith('/embeddings')) {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => requests.push((JSON.parse(body) as { input: string[] }).input.length));
      }
    });
  });
  afterAll(() => sim.close());

  function backend(): ChatModel {
    return createOpenAIChatModel({ model: 'gpt-4o-mini', baseUrl: sim.url, apiKey: 'x', maxRetries: 0 });
  }

  it('learns the dimension with init() and refuses to guess it before', async () => {
    const encoder = createEmbeddingsEncoder(backend(), 'gpt-4o-mini');
    expect(encoder.spec).toBe('embeddings:gpt-4o-mini');
    expect(() => encoder.dimension).toThrow(EncoderNotReadyError);
    requests.length = 0;
    await Promise.all([encoder.init(), encoder.init()]);
    expect(encoder.dimension).toBe(256);
    expect(requests).toEqual([1]); // one shared probe
    await encoder.init();
    expect(requests).toEqual([1]);
  });

  it('sends 150 texts as batches of 64, 64 and 22 and keeps their order', async () => {
    const encoder = createEmbeddingsEncoder(backend(), 'gpt-4o-mini', { dimension: 256 });
    const texts = Array.from({ length: 150 }, (_, i) => `Question ${i}: what is ${i} plus ${i * 7} apples?`);
    requests.length = 0;
    const vectors = await encoder.encode(texts);
    await new Promise((resolve) => setImmediate(resolve)); // let the last body's 'end' land
    expect(requests).toEqual([64, 64, 22]);
    expect(vectors).toHaveLength(150);
    vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(256);
      // The sim is deterministic, so each position must hold exactly its own text's vector.
      const expected = simEmbedding(texts[i]!);
      vector.forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 6));
    });
  });

  it('encodes without an explicit init, is deterministic, and caches repeats', async () => {
    const texts = ['How many clips did Natalia sell?', 'Write a function that sorts a list.', 'How many clips did Natalia sell?'];
    const first = createEmbeddingsEncoder(backend(), 'gpt-4o-mini');
    requests.length = 0;
    const a = await first.encode(texts);
    expect(first.dimension).toBe(256);
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toEqual([1, 2]); // the probe, then the two distinct texts once each
    expect(Buffer.from(a[0]!.buffer).equals(Buffer.from(a[2]!.buffer))).toBe(true);
    requests.length = 0;
    const again = await first.encode(texts.slice(0, 2));
    expect(requests).toEqual([]);
    // A fresh encoder (empty cache) on the same server gives the same bytes.
    const b = await createEmbeddingsEncoder(backend(), 'gpt-4o-mini', { dimension: 256 }).encode(texts);
    b.forEach((vector, i) => expect(Buffer.from(vector.buffer).equals(Buffer.from(a[i]!.buffer))).toBe(true));
    // Callers get copies: mutating one must not poison the cache.
    again[0]!.fill(0);
    expect((await first.encode([texts[0]!]))[0]).toEqual(a[0]);
  });

  it('returns unit-length vectors and handles the empty string', async () => {
    const encoder = createEmbeddingsEncoder(backend(), 'gpt-4o-mini', { dimension: 256 });
    const [vector, empty] = await encoder.encode(['A train leaves at 3 pm.', '']);
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
    expect(empty).toHaveLength(256);
    expect(empty!.every((value) => Number.isFinite(value))).toBe(true);
  });

  it('stops on an aborted signal', async () => {
    const encoder = createEmbeddingsEncoder(backend(), 'gpt-4o-mini', { dimension: 256 });
    await expect(encoder.encode(['x'], AbortSignal.abort())).rejects.toThrow();
  });
});

describe('embeddings query encoder with a misbehaving backend', () => {
  it('rejects vectors of a different dimension than the first answer', async () => {
    let call = 0;
    const model = fakeModel(({ texts }) => texts.map(() => new Array<number>(call++ === 0 ? 8 : 4).fill(1)));
    const encoder = createEmbeddingsEncoder(model, 'm');
    await encoder.init();
    expect(encoder.dimension).toBe(8);
    const error = await encoder.encode(['a']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingShapeError);
    expect((error as Error).message).toMatch(/embeddings:m.*4 dimensions, the first answer had 8/);
  });

  it('rejects mixed dimensions inside one answer', async () => {
    const model = fakeModel(() => [[1, 2, 3], [1, 2]]);
    await expect(createEmbeddingsEncoder(model, 'm', { dimension: 3 }).encode(['a', 'b'])).rejects.toThrow(/vector 1 has 2 dimensions, the recorded dimension had 3/);
  });

  it('rejects a recorded dimension the server does not produce', async () => {
    const model = fakeModel(({ texts }) => texts.map(() => [1, 0, 0, 0]));
    await expect(createEmbeddingsEncoder(model, 'm', { dimension: 1536 }).encode(['a'])).rejects.toThrow(EmbeddingShapeError);
  });

  it('rejects the wrong number of vectors, non-lists, empty vectors and non-finite numbers', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [[[1, 2]], /1 vectors for 2 texts/],
      [{ data: [] }, /expected a list of vectors, got an object/],
      [[[1, 2], 'oops'], /vector 1 is a string/],
      [[[], []], /vector 0 is empty/],
      [[[1, Number.NaN], [1, 2]], /vector 0 has NaN at position 1/],
      [[[1, 2], [1, null]], /vector 1 has null at position 1/],
    ];
    for (const [answer, message] of cases) {
      const encoder = createEmbeddingsEncoder(fakeModel(() => answer), 'm', { dimension: 2 });
      await expect(encoder.encode(['a', 'b'])).rejects.toThrow(message);
    }
  });

  it('lets a failed probe be retried', async () => {
    let fail = true;
    const model = fakeModel(({ texts }) => {
      if (fail) throw new Error('server down');
      return texts.map(() => [3, 4]);
    });
    const encoder = createEmbeddingsEncoder(model, 'm');
    await expect(encoder.init()).rejects.toThrow('server down');
    fail = false;
    await encoder.init();
    expect(encoder.dimension).toBe(2);
    const [vector] = await encoder.encode(['a']);
    expect(Array.from(vector!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });

  it('uses the batch size it is given and sends nothing for no texts', async () => {
    const model = fakeModel(({ texts }) => texts.map(() => [1]));
    const encoder = createEmbeddingsEncoder(model, 'm', { dimension: 1, batchSize: 2 });
    expect(await encoder.encode([])).toEqual([]);
    await encoder.encode(['a', 'b', 'c', 'd', 'e']);
    expect(model.calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(() => createEmbeddingsEncoder(model, 'm', { batchSize: 0 })).toThrow(RangeError);
    expect(() => createEmbeddingsEncoder(model, ' ')).toThrow(RangeError);
  });
});
