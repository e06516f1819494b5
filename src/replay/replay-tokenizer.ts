import type { ChatMessage } from '../llm/chat-model.ts';
import { countTokens as countO200k } from '../llm/count-tokens.ts';
import type { Tokenizer } from './replay-models.ts';

export type CountTokens = (text: string) => number;

const loaded = new Map<Tokenizer, Promise<CountTokens>>();

/**
 * The model's own tokenizer: o200k (gpt-4o family) is the project's linear-time counter;
 * cl100k (gpt-4, gpt-3.5-turbo) and p50k (the davinci models) are gpt-tokenizer's encodings,
 * imported on first use because their rank tables take a moment to build.
 */
export function tokenizerFor(name: Tokenizer): Promise<CountTokens> {
  let counter = loaded.get(name);
  if (!counter) {
    counter = load(name);
    loaded.set(name, counter);
  }
  return counter;
}

async function load(name: Tokenizer): Promise<CountTokens> {
  if (name === 'o200k') return countO200k;
  // Special-token text in recorded outputs is counted as the plain text it is, as the API counts user content.
  const options = { disallowedSpecial: new Set<string>() };
  if (name === 'cl100k') {
    const encoding = await import('gpt-tokenizer/encoding/cl100k_base');
    return (text) => encoding.encode(text, options).length;
  }
  const encoding = await import('gpt-tokenizer/encoding/p50k_base');
  return (text) => encoding.encode(text, options).length;
}

/** Prompt tokens as OpenAI bills a chat request (the framing of count-tokens.ts), with the model's tokenizer. */
export function countPrompt(messages: readonly ChatMessage[], count: CountTokens): number {
  return messages.reduce((sum, message) => sum + 3 + count(message.content), 3);
}
