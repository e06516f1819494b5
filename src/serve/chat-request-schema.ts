import { z } from 'zod';

/**
 * The body of `POST /v1/chat/completions`, parameter by parameter. A query is answered by a whole
 * topology of operators, each making its own model calls, so OpenAI's parameters fall in three kinds:
 *
 * - honoured: `model`, `messages` (the last user message is the query), `stream`,
 *   `stream_options.include_usage`, and the values of the rejected ones below that ask for nothing
 *   (`n: 1`, `logprobs: false`, `tools: []`, `response_format: {type: "text"}`, ...);
 * - accepted with no effect (`ignoredChatParams`, each with its reason): a request that sets one
 *   gets a warning naming it (`lamas.warnings` and a `Warning` header);
 * - rejected with a 400 naming the parameter (`unsupported_parameter`): the ones a client would
 *   depend on getting (several choices, tool calls, JSON output, logprobs, audio, web search,
 *   moderation), and any parameter OpenAI does not define (`unknown_parameter`), as OpenAI does.
 */

/** Why each accepted OpenAI parameter has no effect here. */
export const ignoredChatParams = {
  temperature: 'sampling is set per operator (CoT-SC samples several answers on purpose)',
  top_p: 'sampling is set per operator',
  frequency_penalty: 'sampling is set per operator',
  presence_penalty: 'sampling is set per operator',
  logit_bias: 'sampling is set per operator',
  seed: 'the server samples with its own --seed, and chat topologies are greedy',
  stop: 'the answer is extracted from several calls, each with its operator\'s own stop sequences',
  max_tokens: 'a query is many calls, each capped by its operator; usage counts them all (cap spending with --max-cost)',
  max_completion_tokens: 'a query is many calls, each capped by its operator; usage counts them all (cap spending with --max-cost)',
  reasoning_effort: 'each operator sets its own calls',
  verbosity: 'each operator sets its own calls',
  prediction: 'each operator sets its own calls',
  parallel_tool_calls: 'no tools are called',
  user: 'nothing is tracked per end user',
  safety_identifier: 'nothing is tracked per end user',
  metadata: 'nothing is stored',
  store: 'nothing is stored',
  service_tier: 'there is one service tier',
  prompt_cache_key: 'prompt caching is the backend\'s (--cache)',
  prompt_cache_retention: 'prompt caching is the backend\'s (--cache)',
  prompt_cache_options: 'prompt caching is the backend\'s (--cache)',
} as const;
export type IgnoredChatParam = keyof typeof ignoredChatParams;

/** A parameter that is refused unless its value asks for nothing (null, false, empty, the default). */
function unsupported<T extends z.ZodType>(schema: T, asksNothing: (value: NonNullable<z.output<T>>) => boolean, reason: string) {
  return schema.nullish().refine((value) => value === null || value === undefined || asksNothing(value as NonNullable<z.output<T>>), {
    message: `not supported: ${reason}`,
    params: { code: 'unsupported_parameter' },
  });
}

const textPartSchema = z.strictObject({ type: z.literal('text', 'only text parts are read (no images, audio or files)'), text: z.string() });

const chatMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(textPartSchema), z.null()]).optional(),
});

const ignored = {
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  reasoning_effort: z.string().nullish(),
  verbosity: z.string().nullish(),
  prediction: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  service_tier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  prompt_cache_retention: z.string().nullish(),
  prompt_cache_options: z.unknown().optional(),
} satisfies Record<IgnoredChatParam, z.ZodType>;

const oneAnswer = 'the system gives one final answer';
const noTools = 'the orchestrated system answers; it calls no client tools';

export const chatRequestSchema = z.strictObject(
  {
    model: z.string({ error: 'is required' }).min(1),
    messages: z.array(chatMessageSchema, { error: 'is required (an array of messages)' }).min(1, 'must hold at least one message'),
    stream: z.boolean().nullish(),
    stream_options: z.strictObject({ include_usage: z.boolean().nullish(), include_obfuscation: z.boolean().nullish() }).nullish(),
    n: unsupported(z.number().int(), (n) => n === 1, `only n=1 (${oneAnswer})`),
    logprobs: unsupported(z.boolean(), (wanted) => !wanted, 'the answer is extracted from several calls, it has no token logprobs'),
    top_logprobs: unsupported(z.number().int(), (count) => count === 0, 'the answer is extracted from several calls, it has no token logprobs'),
    tools: unsupported(z.array(z.unknown()), (tools) => tools.length === 0, noTools),
    tool_choice: unsupported(z.unknown(), (choice) => choice === 'none' || choice === 'auto', noTools),
    functions: unsupported(z.array(z.unknown()), (functions) => functions.length === 0, noTools),
    function_call: unsupported(z.unknown(), (call) => call === 'none' || call === 'auto', noTools),
    response_format: unsupported(z.object({ type: z.string() }), (format) => format.type === 'text', 'the answer is plain text (a number for gsm8k, LaTeX for math)'),
    modalities: unsupported(z.array(z.string()), (modalities) => modalities.every((modality) => modality === 'text'), 'text only'),
    audio: unsupported(z.unknown(), () => false, 'text only'),
    web_search_options: unsupported(z.unknown(), () => false, 'the operators do not search the web'),
    moderation: unsupported(z.unknown(), () => false, 'nothing is moderated here'),
    ...ignored,
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown parameter (not an OpenAI chat completions parameter)' : undefined) },
);
export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** A parameter the request set that the server did not apply, and why. */
export interface ChatWarning {
  param: string;
  message: string;
}

/** Every parameter of the request that is set (not null) and has no effect, and earlier messages that are not read. */
export function chatWarnings(body: ChatRequest, queryIndex: number): ChatWarning[] {
  const warnings: ChatWarning[] = [];
  for (const [param, reason] of Object.entries(ignoredChatParams)) {
    const value = body[param as IgnoredChatParam];
    if (value !== undefined && value !== null) warnings.push({ param, message: `${param}: ignored: ${reason}` });
  }
  const unread = body.messages.length - 1;
  if (unread > 0) warnings.push({ param: 'messages', message: `messages: only the last user message (messages.${queryIndex}) is read, as the query; ${unread} other message${unread === 1 ? ' is' : 's are'} not` });
  return warnings;
}

/** The query of a chat: the text of the last user message. */
export function lastUserText(messages: readonly ChatMessage[]): { text: string; index: number } | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'user') continue;
    const content = message.content;
    const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => part.text).join('') : '';
    return { text: text.trim(), index: i };
  }
  return null;
}
