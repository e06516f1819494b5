import { z } from 'zod';
import { taskNames } from '../tasks/registry.ts';
import { ApiError } from './api-error.ts';

/**
 * The default of `lamas serve --max-query-chars`: the longest query (UTF-16 code units, as
 * JavaScript counts a string's length) that /v1/topology, /v1/solve and the chat facade's last user
 * message accept. 7.6 times the longest problem in GSM8K, MATH and HumanEval (4,309, MATH train),
 * about 8 K tokens of English, so an operator that puts the query and several candidate answers in
 * one prompt stays far inside a 128 K context. It also bounds what one query costs the event loop:
 * encoding and token counting are linear, and 32 K characters take ~10 ms each for prose, ~60 ms
 * to count at worst (random letters with no space, one long piece), on this 2-core machine.
 */
export const defaultMaxQueryChars = 32_768;

/** A 400 naming the field when a query is longer than the server takes (OpenAI's code for an over-long string). */
export function checkQueryLength(text: string, maxChars: number, param: string): void {
  if (text.length <= maxChars) return;
  throw new ApiError(400, `${param}: ${text.length} characters, more than this server's limit of ${maxChars} (--max-query-chars)`, 'invalid_request_error', param, 'string_above_max_length');
}

/**
 * Bodies of the native routes. They are strict: a misspelt field (`greddy`) is a 400 naming
 * it rather than a silently ignored option.
 */
const queryFields = {
  query: z.string({ error: 'is required (the query text)' }).trim().min(1, 'must not be empty'),
  /** Optional check that the client talks to the controller it expects. */
  task: z.enum(taskNames).optional(),
  /** Highest-probability operators (default) instead of sampling a topology. */
  greedy: z.boolean().default(true),
};

export const topologyRequestSchema = z.strictObject(queryFields);
export type TopologyRequest = z.infer<typeof topologyRequestSchema>;

export const solveRequestSchema = z.strictObject({ ...queryFields, stream: z.boolean().default(false) });
export type SolveRequest = z.infer<typeof solveRequestSchema>;

/** The chat facade's body, parameter by parameter (honoured, ignored with a warning, refused): chat-request-schema.ts. */
export { chatRequestSchema, type ChatMessage, type ChatRequest, lastUserText } from './chat-request-schema.ts';
