import OpenAI, { type APIError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ChatModel, ChatRequest, ChatResponse, ChatUsage, EmbedRequest, RequestMeta } from '../chat-model.ts';
import { countPromptTokens, countTokens } from '../count-tokens.ts';
import { ApiCallError, CallCancelledError } from '../llm-errors.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff-delay.ts';
import { defaultSleep, runWithRetries, type Attempt, type RetryPolicy, type SleepFn } from './run-with-retries.ts';

export interface OpenAIChatModelOptions {
  /** Model id as the server knows it (`gpt-4o-mini`, `Qwen/Qwen2.5-7B-Instruct`, `llama3.1:8b`). */
  model: string;
  /** Default `process.env.OPENAI_API_KEY`; local servers that need none get a placeholder. */
  apiKey?: string;
  /** Default `process.env.OPENAI_BASE_URL`, else the SDK's https://api.openai.com/v1. */
  baseUrl?: string;
  /**
   * Per attempt: the longest silence we accept from the server, before its response headers
   * and between two streamed chunks (an embeddings attempt gets it as a whole). Default 60 s.
   */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Exponential backoff with full jitter. Default 500 ms doubling up to 20 s. */
  backoff?: BackoffOptions;
  /** Longest Retry-After we honour. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Send `request.meta` as a `lamas_meta` body field (read by the lamas sim-server). Default false. */
  forwardMeta?: boolean;
  /**
   * Body field for `maxTokens`. `max_tokens` is what vLLM, Ollama and llama.cpp all accept;
   * OpenAI's reasoning models only take `max_completion_tokens`. Default `max_tokens`.
   */
  maxTokensParameter?: 'max_tokens' | 'max_completion_tokens';
  /** Injected for tests: waits between retries. */
  sleep?: SleepFn;
  /** Injected for tests: uniform in [0, 1), drives the backoff jitter. */
  random?: () => number;
}

/** Sent when no key is configured: local servers ignore it, OpenAI answers 401 with our hint. */
const PLACEHOLDER_API_KEY = 'lamas-no-api-key';

/** Error bodies as the server sent them, keyed by the SDK error built from them. */
const rawErrorBodies = new WeakMap<object, string>();

/**
 * The SDK only keeps `body.error` of an error response, but old vLLM puts its message at the top
 * level (`{"object":"error","message":"The model ... does not exist."}`), which the SDK then
 * reports as "404 status code (no body)". `makeStatusError` is the SDK's protected hook that sees
 * the whole parsed body; we record it so unknown models can be told from wrong URLs.
 */
class LamasOpenAI extends OpenAI {
  // `Object` mirrors the SDK's own signature; an override must accept what the base accepts.
  protected override makeStatusError(status: number, error: Object, message: string | undefined, headers: Headers): APIError {
    const made = super.makeStatusError(status, error, message, headers);
    const raw = error === undefined || error === null ? message : JSON.stringify(error);
    if (raw) rawErrorBodies.set(made, raw);
    return made;
  }
}

/** What one streamed attempt collected. */
interface StreamState {
  texts: string[];
  usage: CompletionUsage | undefined;
  firstTokenAt: number | undefined;
  finished: boolean;
}

/** The sim reads the sample index with the meta: separate sample calls of one prompt must differ. */
type StreamingParams = ChatCompletionCreateParamsStreaming & { lamas_meta?: RequestMeta & { sampleIndex?: number } };

/** The `openai:<model>` backend: OpenAI or any OpenAI-compatible server (vLLM, Ollama, llama.cpp). */
export function createOpenAIChatModel(options: OpenAIChatModelOptions): ChatModel {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 4;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new RangeError(`maxRetries must be a whole number >= 0, got ${maxRetries}`);

  const baseURL = options.baseUrl ?? process.env['OPENAI_BASE_URL'];
  const client = new LamasOpenAI({
    apiKey: options.apiKey ?? process.env['OPENAI_API_KEY'] ?? PLACEHOLDER_API_KEY,
    ...(baseURL ? { baseURL } : {}),
    // Retries are ours (counted, capped, never after an abort); see run-with-retries.ts.
    maxRetries: 0,
    timeout: Math.ceil(timeoutMs),
  });
  const baseUrl = client.baseURL;
  const model = options.model;
  const forwardMeta = options.forwardMeta ?? false;
  const maxTokensParameter = options.maxTokensParameter ?? 'max_tokens';
  // The SDK insists on an integer timeout; it only bounds the wait for headers, ours covers the rest.
  const requestOptions = { maxRetries: 0, timeout: Math.ceil(timeoutMs) };

  const policy: RetryPolicy = {
    maxRetries,
    timeoutMs,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    model,
    baseUrl,
    rawBodyOf: (error) => (typeof error === 'object' && error !== null ? rawErrorBodies.get(error) : undefined),
  };

  function buildParams(request: ChatRequest): StreamingParams {
    const params: StreamingParams = {
      model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      // Streaming even though callers want the whole answer: it gives time to first token,
      // lets an abort stop generation mid-answer, and still ends with the server's usage.
      stream: true,
      stream_options: { include_usage: true },
    };
    if (request.temperature !== undefined) params.temperature = request.temperature;
    if (request.maxTokens !== undefined) params[maxTokensParameter] = request.maxTokens;
    if (request.stop !== undefined && request.stop.length > 0) params.stop = request.stop;
    if (request.n !== undefined && request.n !== 1) params.n = request.n;
    // Real servers ignore unknown body fields; the SDK sends extra params as they are.
    if (forwardMeta && request.meta) params.lamas_meta = { ...request.meta, sampleIndex: request.sampleIndex };
    return params;
  }

  async function streamOnce(params: StreamingParams, request: ChatRequest, attempt: Attempt): Promise<StreamState> {
    const state: StreamState = { texts: [], usage: undefined, firstTokenAt: undefined, finished: false };
    try {
      const stream = await client.chat.completions.create(params, { ...requestOptions, signal: attempt.signal });
      attempt.touch();
      for await (const chunk of stream) {
        attempt.touch();
        absorbChunk(state, chunk);
      }
    } catch (error) {
      if (attempt.callerAborted()) throw new CallCancelledError(usageSoFar(request, state));
      throw error;
    }
    // The SDK ends the iteration quietly when its signal aborts, so look at why it ended.
    if (attempt.callerAborted()) throw new CallCancelledError(usageSoFar(request, state));
    if (attempt.signal.aborted) throw new Error('attempt aborted'); // our timeout; the retry loop knows
    if (!state.finished) {
      // The body ended cleanly but the answer did not (a proxy cut it, the server crashed).
      throw new ApiCallError(`the stream from ${baseUrl} ended before the answer was complete`, undefined, true);
    }
    return state;
  }

  return {
    provider: 'openai',
    modelId: model,
    simulated: false,
    virtualTime: false,

    async chat(request: ChatRequest): Promise<ChatResponse> {
      const params = buildParams(request);
      // Measured from the caller's point of view: retries and backoff are time the caller waited.
      const startedAt = performance.now();
      const { value: state, attempts } = await runWithRetries(policy, request.signal, (attempt) => streamOnce(params, request, attempt));
      const endedAt = performance.now();

      // The samples the server actually returned: one that ignores `n` (llama.cpp) yields fewer
      // than asked, and callers should see that rather than empty strings posing as answers.
      const texts = Array.from({ length: Math.max(1, state.texts.length) }, (_, index) => state.texts[index] ?? '');
      const response: ChatResponse = {
        texts,
        usage: state.usage ? toChatUsage(state.usage) : estimateUsage(request, texts),
        // The id we were asked for, not the server's snapshot name, so pricing and cache keys stay stable.
        model,
        latencyMs: endedAt - startedAt,
        cached: false,
        retries: attempts - 1,
      };
      if (state.firstTokenAt !== undefined) response.firstTokenMs = state.firstTokenAt - startedAt;
      return response;
    },

    async embed(request: EmbedRequest): Promise<number[][]> {
      if (request.texts.length === 0) return [];
      const { value } = await runWithRetries(policy, request.signal, async (attempt) => {
        try {
          // `float` explicitly: the SDK otherwise asks for base64, which not every compatible server speaks.
          const response = await client.embeddings.create(
            { model, input: request.texts, encoding_format: 'float' },
            { ...requestOptions, signal: attempt.signal },
          );
          return response.data;
        } catch (error) {
          if (attempt.callerAborted()) {
            // The texts were sent; an estimate of what they cost (embeddings bill input only).
            const promptTokens = request.texts.reduce((sum, text) => sum + countTokens(text), 0);
            throw new CallCancelledError({ promptTokens, completionTokens: 0 });
          }
          throw error;
        }
      });
      if (value.length !== request.texts.length) {
        throw new ApiCallError(`${baseUrl} returned ${value.length} embeddings for ${request.texts.length} texts`, undefined, false);
      }
      // Servers may answer out of order; `index` says which input each vector belongs to.
      const vectors: Array<number[] | undefined> = new Array<number[] | undefined>(request.texts.length);
      value.forEach((item, position) => {
        if (!Array.isArray(item.embedding)) throw new ApiCallError(`${baseUrl} returned a non-float embedding`, undefined, false);
        vectors[typeof item.index === 'number' ? item.index : position] = item.embedding;
      });
      return Array.from(vectors, (vector, index) => {
        if (!vector) throw new ApiCallError(`${baseUrl} returned no embedding for input ${index}`, undefined, false);
        return vector;
      });
    },
  };
}

function absorbChunk(state: StreamState, chunk: ChatCompletionChunk): void {
  // The usage chunk comes last with no choices; some servers (vLLM with continuous usage stats)
  // repeat a running usage on every chunk, so only a choice-less one marks the end.
  if (chunk.usage) {
    state.usage = chunk.usage;
    if ((chunk.choices ?? []).length === 0) state.finished = true;
  }
  for (const choice of chunk.choices ?? []) {
    const delta = choice.delta?.content;
    if (delta) {
      state.firstTokenAt ??= performance.now();
      state.texts[choice.index] = (state.texts[choice.index] ?? '') + delta;
    }
    if (choice.finish_reason) state.finished = true;
  }
}

function toChatUsage(usage: CompletionUsage): ChatUsage {
  const result: ChatUsage = { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number') result.cachedTokens = cached;
  return result;
}

/** A server that streams no usage (older llama.cpp, some proxies): count with our tokenizer. */
function estimateUsage(request: ChatRequest, texts: readonly string[]): ChatUsage {
  return {
    promptTokens: countPromptTokens(request.messages),
    completionTokens: texts.reduce((sum, text) => sum + countTokens(text), 0),
  };
}

/**
 * Usage of a call cancelled mid-attempt. The server's own numbers when its usage chunk already
 * came; otherwise an ESTIMATE with our tokenizer (o200k): the prompt was sent, so all of it, plus
 * the text received so far. The server may have generated a few tokens more that never reached us.
 */
function usageSoFar(request: ChatRequest, state: StreamState): ChatUsage {
  if (state.usage) return toChatUsage(state.usage);
  return estimateUsage(request, Array.from(state.texts, (text) => text ?? ''));
}
