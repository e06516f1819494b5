import type { ChatModel } from '../../llm/chat-model.ts';
import { UsageError } from '../../util/errors.ts';
import { createEmbeddingsEncoder, embeddingsSpecPrefix, type EmbeddingsEncoderOptions } from './embeddings-encoder.ts';
import { createHashEncoder, defaultHashDimension, hashEncoderSpec, minHashDimension } from './hash-encoder.ts';
import type { QueryEncoder } from './query-encoder.ts';

export type QueryEncoderSpec = { kind: 'hash'; dimension: number } | { kind: 'embeddings'; model: string };

const flag = '--encoder';
const accepted = `use ${hashEncoderSpec}, ${hashEncoderSpec}:<dimension> or ${embeddingsSpecPrefix}<model>`;

/**
 * Reads an encoder spec without building anything: `hash`, `hash:<dimension>` (a whole number
 * >= 32; what a non-default hash encoder records as its spec) or `embeddings:<model>`.
 * Checkpoint loading uses this to validate a recorded spec before any backend exists.
 */
export function parseQueryEncoderSpec(spec: string): QueryEncoderSpec {
  const text = spec.trim();
  if (text === hashEncoderSpec) return { kind: 'hash', dimension: defaultHashDimension };
  if (text.startsWith(`${hashEncoderSpec}:`)) {
    const size = text.slice(hashEncoderSpec.length + 1);
    const dimension = /^\d+$/.test(size) ? Number(size) : Number.NaN;
    if (!(dimension >= minHashDimension)) {
      throw new UsageError(`"${spec}": the hash dimension must be a whole number >= ${minHashDimension}`, flag);
    }
    return { kind: 'hash', dimension };
  }
  if (text.startsWith(embeddingsSpecPrefix)) {
    const model = text.slice(embeddingsSpecPrefix.length).trim();
    if (model === '') throw new UsageError(`"${spec}" names no embedding model (e.g. ${embeddingsSpecPrefix}text-embedding-3-small)`, flag);
    return { kind: 'embeddings', model };
  }
  throw new UsageError(`unknown query encoder "${spec}"; ${accepted}`, flag);
}

export interface QueryEncoderDeps {
  /**
   * For `embeddings:<model>`: a ChatModel whose `embed` reaches that model's OpenAI-compatible
   * /embeddings endpoint (the `openai` backend created with the embedding model's name, or the sim).
   */
  model?: ChatModel;
  /** Passed to the embeddings encoder (e.g. the dimension a checkpoint recorded). */
  embeddings?: EmbeddingsEncoderOptions;
}

/**
 * Builds the encoder a spec names. Bad specs raise `UsageError` naming `--encoder`. An
 * `embeddings:` encoder must be `await encoder.init()`-ed before its `dimension` is read.
 */
export function createQueryEncoder(spec: string, deps: QueryEncoderDeps = {}): QueryEncoder {
  const parsed = parseQueryEncoderSpec(spec);
  if (parsed.kind === 'hash') return createHashEncoder({ dimension: parsed.dimension });
  if (!deps.model) {
    throw new UsageError(`"${spec}" needs an LLM backend to reach the /embeddings endpoint; none was configured`, flag);
  }
  return createEmbeddingsEncoder(deps.model, parsed.model, deps.embeddings);
}
