import type { ChatModel, ChatRequest, ChatResponse, EmbedRequest } from '../chat-model.ts';
import { ApiCallError, CallCancelledError } from '../llm-errors.ts';
import { embeddingCacheKey, requestCacheKey, type KeyPolicy } from './cache-key.ts';
import type { ResponseStore } from './response-store.ts';
import type { CachedResponse } from './stored-rows.ts';

/** How the decorated backend's requests are keyed; see `KeyPolicy`. */
export type CacheOptions = KeyPolicy;

/**
 * Wraps a backend with the response cache. A hit replays the recorded texts, usage and latency
 * with `cached: true` and `retries: 0` and never reaches the backend (accounting prices cached
 * calls at zero but still sees their tokens and latency for the critical path). A miss calls the
 * backend and records its answer; a call that throws (failed, cancelled, over budget) is never
 * recorded, so the next run tries it again.
 *
 * Temperature is treated like any other key field: a sampled answer at temperature > 0 is cached
 * too, and distinct samples stay distinct through `sampleIndex`.
 *
 * Embeddings are cached per text (key: provider, model, scope, text): an encoder embedding the
 * same queries every epoch would otherwise pay for them each time, and a vector does not depend
 * on the other texts of its batch. Only the missing texts are sent to the backend, in one batch.
 *
 * Two identical requests in flight at once both miss and both reach the backend (no in-flight
 * de-duplication: it would tie one caller's cancellation to another's answer); the first answer
 * stored wins and later runs replay that one.
 *
 * The cache never fails a call: an entry that does not verify (edited, damaged, invalid usage) or
 * cannot be read is a miss, and an answer that cannot be stored (the file locked by another
 * process, damaged) is still returned; `ResponseCache.counts()` says how often either happened.
 */
export function withCache(model: ChatModel, cache: ResponseStore, options: CacheOptions = {}): ChatModel {
  return new CachedChatModel(model, cache, options);
}

class CachedChatModel implements ChatModel {
  constructor(
    private readonly inner: ChatModel,
    private readonly cache: ResponseStore,
    private readonly options: CacheOptions,
  ) {}

  get provider(): ChatModel['provider'] {
    return this.inner.provider;
  }
  get modelId(): string {
    return this.inner.modelId;
  }
  get simulated(): boolean {
    return this.inner.simulated;
  }
  get virtualTime(): boolean {
    return this.inner.virtualTime;
  }
  get answersFromMeta(): boolean | undefined {
    return this.inner.answersFromMeta;
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    // An already-cancelled call is cancelled whether or not we hold its answer, as it would be
    // without the cache; otherwise cached runs would behave differently under cancellation.
    throwIfAborted(request.signal);
    const key = requestCacheKey(this.inner, request, this.options);
    const hit = await this.cache.get(key);
    if (hit !== undefined) return replay(hit);
    const response = await this.inner.chat(request);
    await this.cache.put(key, response);
    return response;
  }

  async embed(request: EmbedRequest): Promise<number[][]> {
    throwIfAborted(request.signal);
    const keyOf = (text: string): string =>
      embeddingCacheKey({ provider: this.inner.provider, model: this.inner.modelId, text, scope: this.options.scope });
    const found = new Map<string, number[]>();
    const missing: string[] = [];
    for (const text of new Set(request.texts)) {
      const vector = await this.cache.getEmbedding(keyOf(text));
      if (vector === undefined) missing.push(text);
      else found.set(text, vector);
    }
    if (missing.length > 0) {
      const vectors = await this.inner.embed({ texts: missing, signal: request.signal });
      if (vectors.length !== missing.length) {
        // Caching a misaligned batch would pin wrong vectors to texts for good.
        throw new ApiCallError(`embedding backend returned ${vectors.length} vectors for ${missing.length} texts`, undefined, false);
      }
      for (const [i, text] of missing.entries()) {
        const vector = vectors[i] as number[];
        await this.cache.putEmbedding(keyOf(text), vector);
        found.set(text, vector);
      }
    }
    return request.texts.map((text) => found.get(text) as number[]);
  }
}

function replay(hit: CachedResponse): ChatResponse {
  const response: ChatResponse = {
    texts: hit.texts,
    usage: hit.usage,
    model: hit.model,
    latencyMs: hit.latencyMs,
    cached: true,
    retries: 0,
  };
  if (hit.firstTokenMs !== undefined) response.firstTokenMs = hit.firstTokenMs;
  return response;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CallCancelledError({ promptTokens: 0, completionTokens: 0 });
}
