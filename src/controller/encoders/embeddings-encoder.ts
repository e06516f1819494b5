import type { ChatModel } from '../../llm/chat-model.ts';
import { EmbeddingShapeError, EncoderNotReadyError } from './encoder-errors.ts';
import type { QueryEncoder } from './query-encoder.ts';

export const embeddingsSpecPrefix = 'embeddings:';
/** OpenAI accepts up to 2048 inputs per request, but local servers (Ollama, llama.cpp) choke far earlier. */
export const defaultEmbeddingsBatchSize = 64;
/** Sent once by `init()` when the dimension is not known yet; any short text works. */
const probeText = 'dimension probe';

export interface EmbeddingsEncoderOptions {
  /** Texts per request; default 64. */
  batchSize?: number;
  /**
   * The dimension, when already known (a checkpoint recorded it): `init()` then sends nothing,
   * and the first answer is checked against it instead of defining it.
   */
  dimension?: number;
  /**
   * Keep each text's vector for the life of the encoder; default true. Training encodes the same
   * queries every pass, and each repeat would be a paid request with the same answer.
   */
  cache?: boolean;
}

/**
 * The `embeddings:<model>` encoder: vectors from the `embed` of a ChatModel whose endpoint is an
 * OpenAI-compatible /embeddings (the `openai` backend pointed at the embedding model, or the sim).
 *
 * The dimension is learnt from the server, so `dimension` is only readable after
 * `await encoder.init()` (one probe request unless `options.dimension` is given); `encode` calls
 * `init` itself. Every later answer must have that same dimension, else `EmbeddingShapeError`.
 *
 * Vectors are L2-normalised: OpenAI's already are, but other servers' are not, and the controller
 * should see the same scale whatever the backend (cosine geometry is all embeddings promise).
 */
export function createEmbeddingsEncoder(model: ChatModel, modelName: string, options: EmbeddingsEncoderOptions = {}): QueryEncoder {
  if (modelName.trim() === '') throw new RangeError('the embeddings model name is empty');
  const spec = `${embeddingsSpecPrefix}${modelName}`;
  const batchSize = options.batchSize ?? defaultEmbeddingsBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number >= 1, got ${batchSize}`);
  if (options.dimension !== undefined && (!Number.isInteger(options.dimension) || options.dimension < 1)) {
    throw new RangeError(`dimension must be a whole number >= 1, got ${options.dimension}`);
  }
  const cache = (options.cache ?? true) ? new Map<string, Float32Array>() : undefined;
  /** Where an expected dimension came from, for error messages. */
  const expectedFrom = options.dimension !== undefined ? 'the recorded dimension' : 'the first answer';
  let dimension = options.dimension;
  let probing: Promise<void> | undefined;

  /** One request's vectors, checked and normalised. Fixes the dimension on the first answer. */
  async function embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const raw: unknown = await model.embed(signal ? { texts, signal } : { texts });
    if (!Array.isArray(raw)) throw new EmbeddingShapeError(spec, `expected a list of vectors, got ${describe(raw)}`);
    if (raw.length !== texts.length) throw new EmbeddingShapeError(spec, `${raw.length} vectors for ${texts.length} texts`);
    return raw.map((item: unknown, index) => {
      if (!Array.isArray(item)) throw new EmbeddingShapeError(spec, `vector ${index} is ${describe(item)}, not a list of numbers`);
      const vector: readonly unknown[] = item;
      if (vector.length === 0) throw new EmbeddingShapeError(spec, `vector ${index} is empty`);
      dimension ??= vector.length;
      if (vector.length !== dimension) {
        throw new EmbeddingShapeError(spec, `vector ${index} has ${vector.length} dimensions, ${expectedFrom} had ${dimension}`);
      }
      const values = new Float64Array(dimension);
      let squares = 0;
      vector.forEach((value, i) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new EmbeddingShapeError(spec, `vector ${index} has ${describe(value)} at position ${i}`);
        }
        values[i] = value;
        squares += value * value;
      });
      // Normalised in double precision, rounded to float32 once; a zero vector stays zero rather than NaN.
      const norm = squares > 0 ? Math.sqrt(squares) : 1;
      return Float32Array.from(values, (value) => value / norm);
    });
  }

  function init(signal?: AbortSignal): Promise<void> {
    if (dimension !== undefined) return Promise.resolve();
    // Concurrent callers share one probe; a failed probe may be retried by the next call.
    probing ??= embedBatch([probeText], signal).then(
      ([vector]) => {
        if (vector) cache?.set(probeText, vector);
      },
      (error: unknown) => {
        probing = undefined;
        throw error;
      },
    );
    return probing;
  }

  return {
    spec,
    get dimension(): number {
      if (dimension === undefined) throw new EncoderNotReadyError(spec);
      return dimension;
    },
    init,
    async encode(texts, signal) {
      signal?.throwIfAborted();
      await init(signal);
      const results = new Array<Float32Array | undefined>(texts.length);
      // Texts not yet known, each once, with every position it fills.
      const pending = new Map<string, number[]>();
      texts.forEach((text, index) => {
        const known = cache?.get(text);
        if (known) results[index] = known.slice();
        else {
          const positions = pending.get(text);
          if (positions) positions.push(index);
          else pending.set(text, [index]);
        }
      });
      const missing = [...pending.keys()];
      // Sequential batches: order is kept trivially and a rate-limited server sees one request at a time.
      for (let start = 0; start < missing.length; start += batchSize) {
        signal?.throwIfAborted();
        const batch = missing.slice(start, start + batchSize);
        const vectors = await embedBatch(batch, signal);
        batch.forEach((text, offset) => {
          const vector = vectors[offset]!;
          cache?.set(text, vector);
          for (const index of pending.get(text)!) results[index] = vector.slice();
        });
      }
      return results.map((vector, index) => {
        if (!vector) throw new Error(`internal: no vector for text ${index}`);
        return vector;
      });
    },
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
