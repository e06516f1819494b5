import { APIConnectionTimeoutError, APIError } from 'openai';
import { ApiCallError, UnknownModelError } from '../llm-errors.ts';
import { parseRetryAfter } from './parse-retry-after.ts';

/** What the retry loop should do with one failed attempt. */
export interface AttemptFailure {
  /** The error to throw (now, or as `lastError` once retries run out). */
  error: Error;
  retryable: boolean;
  /** No server answered at all (refused, DNS); all attempts like this → BackendUnreachableError. */
  unreachable: boolean;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  retryAfterMs?: number;
  /** For unreachable failures: why, without the URL (BackendUnreachableError adds it). */
  reason?: string;
}

export interface ClassifyContext {
  model: string;
  baseUrl: string;
  /** The raw error body the SDK parsed, when we captured it (see LamasOpenAI). */
  rawBody?: string;
}

/** Error codes of a connection that never reached a server. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Statuses that say "try again": timeout, conflict, rate limit, server errors (same set as the SDK's own policy). */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Maps one attempt's error to a lamas error and a retry decision. Caller aborts and our own
 * per-attempt timeout are handled by the retry loop before this is called.
 */
export function classifyAttemptError(error: unknown, context: ClassifyContext): AttemptFailure {
  // Already decided by the operation itself (for example a stream that ended without finishing).
  if (error instanceof ApiCallError) return { error, retryable: error.retryable, unreachable: false };

  if (error instanceof APIConnectionTimeoutError) {
    return { error: new ApiCallError(`request to ${context.baseUrl} timed out`, undefined, true), retryable: true, unreachable: false };
  }

  if (error instanceof APIError && typeof error.status === 'number') {
    return classifyStatus(error, error.status, context);
  }

  if (error instanceof APIError && error.error !== undefined) {
    // The server sent an error event inside an open stream (vLLM does this when generation
    // fails). No status to judge by; such failures are transient in practice.
    return { error: new ApiCallError(`server error mid-stream: ${error.message}`, undefined, true), retryable: true, unreachable: false };
  }

  // Everything else is the transport: APIConnectionError (wrapping undici's "fetch failed"),
  // undici's "terminated" when a socket drops mid-body, or a chunk cut in half (SyntaxError).
  const code = findErrorCode(error);
  if (error instanceof APIError || error instanceof TypeError || error instanceof SyntaxError || code !== undefined) {
    const reason = describeConnectionError(error, code);
    const unreachable = code !== undefined && UNREACHABLE_CODES.has(code);
    return { error: new ApiCallError(`connection to ${context.baseUrl} failed: ${reason}`, undefined, true), retryable: true, unreachable, reason };
  }

  // Not an HTTP or network problem (a bug, most likely): retrying would only repeat it.
  return { error: error instanceof Error ? error : new Error(String(error)), retryable: false, unreachable: false };
}

function classifyStatus(error: APIError, status: number, context: ClassifyContext): AttemptFailure {
  if (status === 404 && saysModelIsUnknown(error, context)) {
    return { error: new UnknownModelError(context.model, context.baseUrl), retryable: false, unreachable: false };
  }
  if (status === 401) {
    const hint = `check OPENAI_API_KEY (or the apiKey option) for ${context.baseUrl}`;
    return { error: new ApiCallError(`${error.message} — ${hint}`, status, false), retryable: false, unreachable: false };
  }
  if (status === 404) {
    // A 404 that does not mention the model is usually a base URL without its /v1 suffix.
    const hint = `is the base URL ${context.baseUrl} right (OpenAI-compatible servers serve under /v1)?`;
    return { error: new ApiCallError(`${error.message} — ${hint}`, status, false), retryable: false, unreachable: false };
  }
  const retryAfterMs = parseRetryAfter(error.headers);
  const retryable = isRetryableStatus(status);
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : retryAfterMs / 1000;
  const failure: AttemptFailure = {
    error: new ApiCallError(error.message, status, retryable, retryAfterSeconds),
    retryable,
    unreachable: false,
  };
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return failure;
}

/**
 * OpenAI says `code: "model_not_found"`; vLLM ("The model `x` does not exist.") and Ollama
 * ("model 'x' not found") only say it in the message, and old vLLM puts the message at the top
 * level of the body where the SDK does not look, hence the raw body.
 */
function saysModelIsUnknown(error: APIError, context: ClassifyContext): boolean {
  if (error.code === 'model_not_found') return true;
  const text = `${error.message} ${context.rawBody ?? ''}`;
  return /model/i.test(text) && /(not (be )?found|does not exist|not exist|unknown|no such|not served|not available)/i.test(text);
}

/** The first errno-style `code` along the cause chain (and inside AggregateErrors from happy-eyeballs). */
export function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  const nested: unknown = Reflect.get(error, 'errors');
  if (Array.isArray(nested)) {
    for (const inner of nested) {
      const found = findErrorCode(inner, depth + 1);
      if (found) return found;
    }
  }
  const cause: unknown = Reflect.get(error, 'cause');
  return findErrorCode(cause, depth + 1);
}

function describeConnectionError(error: unknown, code: string | undefined): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current.message && !messages.includes(current.message)) messages.push(current.message);
    current = current.cause;
  }
  const text = messages.join(': ') || String(error);
  return code && !text.includes(code) ? `${text} (${code})` : text;
}
