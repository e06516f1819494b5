import { createHash } from 'node:crypto';
import type { ChatMessage, ChatModel, ChatRequest, RequestMeta } from '../chat-model.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * Bumped whenever the key's contents change meaning, so a cache file from an older key layout
 * simply misses instead of answering with a response to a different question.
 */
const KEY_FORMAT = 1;

/** Everything that can change a chat answer; see `cacheKey`. */
export interface CacheKeyParts {
  provider: string;
  model: string;
  messages: readonly ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  n?: number;
  sampleIndex?: number;
  stop?: readonly string[];
  /**
   * Request meta, only when the backend's answer depends on it (the simulator). Leave it out for
   * real servers: they never see it, so keying on it would only split identical requests.
   */
  meta?: RequestMeta;
  /**
   * What else determines the answer but is not in the request: the sim's seed and parameters
   * version, or the base URL of an OpenAI-compatible server (same model name, other weights).
   */
  scope?: string;
}

/**
 * The sha256 (hex) of a canonical JSON of the parts.
 *
 * Unset fields are recorded as explicit `null`, never replaced by a guessed default (temperature 1,
 * n 1, sample 0...): defaults belong to the server, and a missed hit only costs a call while a
 * wrong hit would silently replay another request's answer.
 *
 * The sample index is in the key so k separate samples for self-consistency are k entries, not
 * one answer replayed k times.
 */
export function cacheKey(parts: CacheKeyParts): string {
  const canonical = canonicalJson({
    format: KEY_FORMAT,
    kind: 'chat',
    provider: parts.provider,
    model: parts.model,
    scope: parts.scope ?? null,
    // Only role and content reach a server; copying them drops anything else a caller attached.
    messages: parts.messages.map(({ role, content }) => ({ role, content })),
    temperature: parts.temperature ?? null,
    maxTokens: parts.maxTokens ?? null,
    n: parts.n ?? null,
    sampleIndex: parts.sampleIndex ?? null,
    stop: parts.stop ?? null,
    meta: parts.meta ?? null,
  });
  return sha256(canonical);
}

/** Key of one embedded text: embeddings are per text, so a batch is cached text by text. */
export function embeddingCacheKey(parts: { provider: string; model: string; text: string; scope?: string }): string {
  return sha256(
    canonicalJson({
      format: KEY_FORMAT,
      kind: 'embedding',
      provider: parts.provider,
      model: parts.model,
      scope: parts.scope ?? null,
      text: parts.text,
    }),
  );
}

export interface KeyPolicy {
  /** See `CacheKeyParts.scope`. */
  scope?: string;
  /**
   * Whether `request.meta` is part of the key. Default: only for a model that says its answer is
   * a function of the meta (`ChatModel.answersFromMeta`: the sim reads query, role, attempt,
   * candidate inputs, reference...). Set it to true for an `openai` backend pointed at
   * `lamas sim-server`, which reads the meta too.
   */
  includeMeta?: boolean;
}

/**
 * The key of a request to a given backend, applying the model's policy:
 * - answers from meta (the sim): request fields + the whole meta + scope (the seed/profile must
 *   come in through scope).
 * - otherwise (openai): request fields + scope only; meta never reaches a real server, so it
 *   cannot change the answer, and leaving it out lets equal prompts from different operators
 *   share an entry.
 */
export function requestCacheKey(
  model: Pick<ChatModel, 'provider' | 'modelId' | 'answersFromMeta'>,
  request: ChatRequest,
  policy: KeyPolicy = {},
): string {
  const includeMeta = policy.includeMeta ?? model.answersFromMeta === true;
  return cacheKey({
    provider: model.provider,
    model: model.modelId,
    messages: request.messages,
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    n: request.n,
    sampleIndex: request.sampleIndex,
    stop: request.stop,
    meta: includeMeta ? request.meta : undefined,
    scope: policy.scope,
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
