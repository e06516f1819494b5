import type { ChatModel } from './chat-model.ts';
import { CallLimiter } from './call-limiter.ts';
import { countPromptTokens } from './count-tokens.ts';

/** A model whose calls all pass through one limiter (concurrency cap, tokens per minute). */
export function withLimits(model: ChatModel, limiter: CallLimiter): ChatModel {
  return {
    ...model,
    chat: (request) => {
      const estimate = countPromptTokens(request.messages) + (request.maxTokens ?? 512) * (request.n ?? 1);
      return limiter.run(estimate, () => model.chat(request), request.signal);
    },
    embed: (request) => limiter.run(0, () => model.embed(request), request.signal),
  };
}
