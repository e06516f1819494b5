import type { ChatModel, ChatRequest, ChatResponse, RequestMeta } from '../llm/chat-model.ts';
import { CallCancelledError } from '../llm/llm-errors.ts';
import { samplesPerNode } from '../graph/sample-streams.ts';
import type { TaskName } from '../tasks/task.ts';
import { renderRecorded } from './render-recorded.ts';
import { ReplayMissError, UncoveredRoleError } from './replay-errors.ts';
import type { ReplayModel } from './replay-models.ts';
import type { ReplayStats } from './replay-stats.ts';
import type { ReplayStore } from './replay-store.ts';
import { countPrompt, tokenizerFor } from './replay-tokenizer.ts';
import { coveredRoles, isReplayTask } from './role-coverage.ts';
import { synthesize } from './synthesize.ts';

export interface ReplayChatModelOptions {
  model: ReplayModel;
  store: ReplayStore;
  stats: ReplayStats;
}

/**
 * Which recorded sample a sample index asks for. Node n of a query draws at n x samplesPerNode
 * + k (src/graph/sample-streams.ts); n + k numbers the separate samples of one role in one query
 * (the five CoT nodes of cot-sc ask for samples 0-4, MultiCoT's three branches for 0-2).
 */
export function recordedSampleOf(sampleIndex: number): number {
  return Math.floor(sampleIndex / samplesPerNode) + (sampleIndex % samplesPerNode);
}

/**
 * `replay:<model>`: answers an operator's call with what the model recorded for that question in
 * the style its role maps to (replay-models.ts), or by a documented rule (synthesize.ts). Token
 * counts are the source's API counts or the model's tokenizer over the recorded text; latency
 * is modeled (first token + tokens / rate) and no time passes.
 */
export function createReplayChatModel({ model, store, stats }: ReplayChatModelOptions): ChatModel {
  async function answer(meta: RequestMeta, request: ChatRequest, sample: number): Promise<{ text: string; tokens?: number; countText: string }> {
    if (!isReplayTask(meta.task)) throw new ReplayMissError(`replay:${model.name} has recordings for gsm8k and humaneval only, not ${meta.task}`);
    const styles = await store.styles(meta.task, meta.role);
    if (styles.length === 0) {
      const text = synthesize(meta.task as TaskName, meta);
      if (text === undefined) {
        const { recorded, synthesized } = coveredRoles(model, meta.task);
        throw new UncoveredRoleError(model.name, meta.task, [meta.role], [...recorded, ...synthesized]);
      }
      stats.synthesized();
      return { text, countText: text };
    }
    const promptText = request.messages.map((message) => message.content).join('\n');
    const key = await store.match(meta.task, meta.queryId, promptText);
    if (key === null) throw new ReplayMissError(`replay:${model.name}: query ${meta.queryId} matches no recorded ${meta.task} question (by id or by question text)`);
    const style = styles[sample % styles.length]!;
    const output = style.recording.outputs.get(key);
    if (!output) throw new ReplayMissError(`replay:${model.name}: ${style.source.file} has no output for ${meta.task} question ${key}`);
    // A retry (Programmer, Test) or a sample past the recorded ones gets a recording again.
    stats.recorded(style.source.file, sample >= styles.length || (meta.attempt ?? 0) > 0);
    return { text: renderRecorded(output), tokens: output.completionTokens, countText: output.text };
  }

  async function chat(request: ChatRequest): Promise<ChatResponse> {
    const count = await tokenizerFor(model.tokenizer);
    const promptTokens = countPrompt(request.messages, count);
    if (request.signal?.aborted) throw new CallCancelledError({ promptTokens, completionTokens: 0 });
    const meta = request.meta;
    if (!meta) throw new ReplayMissError(`replay:${model.name} answers operator calls only: this request carries no operator metadata`);
    const first = recordedSampleOf(request.sampleIndex ?? 0);
    const answers = [];
    for (let i = 0; i < (request.n ?? 1); i++) answers.push(await answer(meta, request, first + i));
    const lengths = answers.map((reply) => reply.tokens ?? count(reply.countText));
    const completionTokens = lengths.reduce((sum, n) => sum + n, 0);
    const { firstTokenMs, tokensPerSecond } = model.latency;
    return {
      texts: answers.map((reply) => reply.text),
      usage: { promptTokens, completionTokens },
      model: model.apiModel,
      latencyMs: firstTokenMs + (Math.max(...lengths) / tokensPerSecond) * 1000,
      firstTokenMs,
      cached: false,
      retries: 0,
    };
  }

  return {
    provider: 'replay',
    modelId: model.apiModel,
    simulated: false,
    virtualTime: true,
    // The answer depends on the role, query and inputs in the meta: cache keys must include it.
    answersFromMeta: true,
    chat,
    embed: async () => {
      throw new ReplayMissError(`replay:${model.name} records no embeddings`);
    },
  };
}
