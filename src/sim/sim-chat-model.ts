import { createHash } from 'node:crypto';
import type { ChatModel, ChatRequest, ChatResponse, RequestMeta } from '../llm/chat-model.ts';
import { countPromptTokens, countTokens } from '../llm/count-tokens.ts';
import { CallCancelledError } from '../llm/llm-errors.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { getTask } from '../tasks/registry.ts';
import { Random } from '../util/random.ts';
import { decideOutcome, type SimQuery } from './decide-outcome.ts';
import { fillerText } from './filler-text.ts';
import { renderResponse } from './render-response.ts';
import { simEmbedding } from './sim-embeddings.ts';
import { simLatency } from './sim-latency.ts';
import { type SimProfile, taskProfileOf } from './sim-profile.ts';
import { queryDifficulty } from './query-difficulty.ts';
import { drawLength } from './skill-curve.ts';

export interface SimChatModelOptions {
  profile: SimProfile;
  seed: number;
  /** `virtual`: latencies are recorded, nothing sleeps. `real`: sleeps latency x scale. */
  time?: 'virtual' | 'real';
  scale?: number;
  /** Runs candidate wrong code against hidden tests so HumanEval failures are real; without it mutants are unverified. */
  sandbox?: Sandbox;
}

/** Length of a reply to a request that carries no meta (e.g. a plain chat from curl). */
const plainReply = { median: 60, sigma: 0.3, min: 8, max: 4096 };

/**
 * The simulated backend: outcomes from the profile's skill curves and the request's typed meta,
 * real token counts, simulated latency. Every draw is seeded by (seed, request content), so the
 * same request always gets the same answer, in any order, and caching cannot change a run.
 */
export function createSimChatModel(options: SimChatModelOptions): ChatModel {
  const { profile, seed } = options;
  const time = options.time ?? 'virtual';
  const scale = options.scale ?? 1;
  const queries = new Map<string, SimQuery>();

  /** Per-query state, built once: every call about a query shares its difficulty and wrong answers. */
  function queryFor(meta: RequestMeta): SimQuery {
    const key = JSON.stringify([meta.task, meta.queryId, meta.reference]);
    let query = queries.get(key);
    if (!query) {
      query = buildQuery(meta);
      queries.set(key, query);
    }
    return query;
  }

  function buildQuery(meta: RequestMeta): SimQuery {
    const task = getTask(meta.task);
    const taskProfile = taskProfileOf(profile, task.sim.profile);
    const poolRandom = Random.derive(seed, 'wrong', meta.task, meta.queryId);
    const build = (): Promise<string[]> => task.sim.wrongAnswers(meta, taskProfile.wrongPool.size, poolRandom, options.sandbox);
    let pool: Promise<string[]> | undefined;
    return {
      profile: taskProfile,
      z: queryDifficulty(profile, taskProfile, meta, seed),
      wrongPool: () => (pool ??= build()),
      isCorrect: (answer) => task.sameAnswer(answer, meta.reference),
    };
  }

  async function sample(request: ChatRequest, requestHash: string, index: number): Promise<string> {
    const random = Random.derive(seed, 'sample', requestHash, request.sampleIndex ?? 0, index);
    const meta = request.meta && withStandInReference(request.meta, seed);
    if (!meta) return fillerText(Math.min(drawLength(plainReply, random), request.maxTokens ?? Infinity), random);
    const query = queryFor(meta);
    const tokens = Math.min(drawLength(query.profile.lengths[meta.role], random), request.maxTokens ?? Infinity);
    return renderResponse({ task: getTask(meta.task), role: meta.role, outcome: await decideOutcome(query, meta, random), tokens, random });
  }

  async function chat(request: ChatRequest): Promise<ChatResponse> {
    const promptTokens = countPromptTokens(request.messages);
    if (request.signal?.aborted) throw new CallCancelledError({ promptTokens, completionTokens: 0 });
    const requestHash = hashRequest(request);
    const texts = await Promise.all(Array.from({ length: request.n ?? 1 }, (_, i) => sample(request, requestHash, i)));
    const completionTokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
    const longest = Math.max(...texts.map(countTokens));
    const latency = simLatency(profile, promptTokens, longest, Random.derive(seed, 'latency', requestHash, request.sampleIndex ?? 0));
    if (time === 'real') await sleepOrCancel(latency.totalMs * scale, request.signal, (fraction) => ({
      promptTokens,
      completionTokens: Math.floor(completionTokens * fraction),
    }));
    return {
      texts,
      usage: { promptTokens, completionTokens },
      model: profile.model,
      latencyMs: latency.totalMs,
      firstTokenMs: latency.firstTokenMs,
      cached: false,
      retries: 0,
    };
  }

  return {
    provider: 'sim',
    modelId: profile.model,
    simulated: true,
    virtualTime: time === 'virtual',
    answersFromMeta: true,
    chat,
    embed: async ({ texts }) => texts.map((text) => simEmbedding(text)),
  };
}

/**
 * A served query has no reference answer; the sim then stands in a made-up one (a seeded number
 * per query, or `pass` for code) so its replies still carry an answer in the task's format.
 * It is as simulated as everything else the sim says.
 */
function withStandInReference(meta: RequestMeta, seed: number): RequestMeta {
  if (meta.reference.trim() !== '') return meta;
  return { ...meta, reference: getTask(meta.task).sim.standInReference(Random.derive(seed, 'stand-in', meta.queryId)) };
}

function hashRequest(request: ChatRequest): string {
  const { messages, temperature, maxTokens, meta } = request;
  return createHash('sha256').update(JSON.stringify({ messages, temperature, maxTokens, meta })).digest('hex');
}

/** Sleeps, or on abort throws with the usage spent so far (tokens proportional to time elapsed). */
function sleepOrCancel(ms: number, signal: AbortSignal | undefined, usageAt: (fraction: number) => { promptTokens: number; completionTokens: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    // An abort that landed before the sleep began fires no event: settle it now, as a call that produced nothing.
    if (signal?.aborted) return reject(new CallCancelledError(usageAt(0)));
    const started = performance.now();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CallCancelledError(usageAt(Math.min(1, (performance.now() - started) / ms))));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
