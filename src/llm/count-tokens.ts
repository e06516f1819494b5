import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatMessage } from './chat-model.ts';

/** Tokens of a text with o200k_base, the tokenizer of the gpt-4o family. */
export function countTokens(text: string): number {
  return encode(text).length;
}

/**
 * Prompt tokens of a chat request the way OpenAI bills them: each message's content plus a
 * few tokens of framing per message and for the reply's priming.
 */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  const perMessage = 3;
  const replyPriming = 3;
  return messages.reduce((sum, message) => sum + perMessage + countTokens(message.content), replyPriming);
}
