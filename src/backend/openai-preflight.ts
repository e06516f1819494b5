import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { ApiCallError, BackendUnreachableError, UnknownModelError } from '../llm/llm-errors.ts';
import { classifyAttemptError, findErrorCode } from '../llm/openai/classify-attempt-error.ts';
import { UsageError } from '../util/errors.ts';
import type { BackendOptions } from './backend-options.ts';
import type { BackendProbe } from './provider.ts';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Sent when no key is configured, as the openai backend does: local servers ignore it. */
const PLACEHOLDER_API_KEY = 'lamas-no-api-key';
const notSim: BackendProbe = { lamasSim: false };

/**
 * The openai provider's preflight: one cheap request before a command pays for or writes
 * anything, so a backend that cannot work fails at once with a named cause instead of a run of
 * failed calls.
 *
 * For `openai:<model>`: no OPENAI_API_KEY for OpenAI itself is a usage error (exit 2). Then
 * GET /models (free; OpenAI, vLLM, llama.cpp and Ollama's /v1 all serve it): a model listed there
 * passes. A model not listed (an alias such as Ollama's `llama3` for `llama3:latest`) or a server
 * without /models is asked a one-token chat instead. Exit 2 for what the user must fix in a flag
 * or variable: a refused key (401/403), a model the server does not serve (404), a base URL with
 * no OpenAI-compatible API behind it. Exit 1 for a server that cannot be reached, does not answer
 * in --request-timeout, or fails (5xx) — the same command may work later.
 */
export async function preflightOpenAI(model: string, options: BackendOptions, env: NodeJS.ProcessEnv): Promise<BackendProbe> {
  const baseUrl = (options.baseUrl ?? env['OPENAI_BASE_URL'] ?? OPENAI_BASE_URL).replace(/\/+$/, '');
  const urlSource = options.baseUrl ? '--base-url' : env['OPENAI_BASE_URL'] ? 'OPENAI_BASE_URL' : undefined;
  const apiKey = env['OPENAI_API_KEY'];
  if (!apiKey && isOpenAI(baseUrl)) {
    throw new UsageError(`is not set; ${baseUrl} needs an API key (export OPENAI_API_KEY=..., or point --base-url or OPENAI_BASE_URL at a local server)`, 'OPENAI_API_KEY');
  }
  const client = new OpenAI({ apiKey: apiKey || PLACEHOLDER_API_KEY, baseURL: baseUrl, maxRetries: 1, timeout: Math.ceil(options.requestTimeout * 1000) });
  const context: Context = { model, baseUrl, urlSource, keySet: Boolean(apiKey), timeoutS: options.requestTimeout, served: [] };

  try {
    const listed = (await client.models.list()).data;
    context.served = listed.map((entry) => entry.id).filter((id): id is string => typeof id === 'string');
    const entry = listed.find((candidate) => candidate.id === model);
    if (entry) return { lamasSim: entry.owned_by === 'lamas-sim' };
  } catch (error) {
    // A 404 (no /models) or any other answer: the chat below decides. No answer at all, or a refused key, ends here.
    if (!(error instanceof APIError) || typeof error.status !== 'number' || error.status === 401 || error.status === 403) fail(error, context);
  }

  try {
    await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 1 });
  } catch (error) {
    // The server took the request and the model but not a parameter of this probe (max_tokens on a
    // reasoning model), or is rate limiting: the backend works.
    if (error instanceof APIError && (error.status === 400 || error.status === 422 || (error.status === 429 && error.code !== 'insufficient_quota'))) return notSim;
    fail(error, context);
  }
  return notSim;
}

interface Context {
  model: string;
  baseUrl: string;
  /** Where the base URL came from, for the message; undefined for the default (OpenAI). */
  urlSource: string | undefined;
  keySet: boolean;
  timeoutS: number;
  /** Model ids the server listed, if it did. */
  served: string[];
}

/** Turns the preflight's failure into the command's one-line error. */
function fail(error: unknown, context: Context): never {
  const { baseUrl, urlSource } = context;
  const fix = urlSource ? `check ${urlSource}` : 'set --base-url or OPENAI_BASE_URL for a local server';
  if (error instanceof APIConnectionTimeoutError) {
    throw new ApiCallError(`the LLM server at ${baseUrl} did not answer within --request-timeout ${context.timeoutS} s (checked before the run; nothing was run)`, undefined, true);
  }
  if (!(error instanceof APIError) || typeof error.status !== 'number') {
    throw new BackendUnreachableError(baseUrl, `${connectionReason(error)} (checked before the run; nothing was run: start the server or ${fix})`);
  }
  const status = error.status;
  // The SDK's message already starts with the status.
  const said = `${status} ${firstLine(error.message).replace(new RegExp(`^${status}\\s*`), '')}`.trim();
  if (status === 401 || status === 403) {
    const what = context.keySet ? `${baseUrl} refused this key` : `is not set, and ${baseUrl} requires one`;
    throw new UsageError(`${what} (${said})`, 'OPENAI_API_KEY');
  }
  if (status === 404) {
    const failure = classifyAttemptError(error, { model: context.model, baseUrl });
    if (failure.error instanceof UnknownModelError) {
      const served = context.served.length > 0 ? `; it serves ${context.served.slice(0, 8).join(', ')}${context.served.length > 8 ? ', ...' : ''}` : '';
      throw new UsageError(`model "${context.model}" is not served at ${baseUrl}${served}`, '--llm');
    }
    throw new UsageError(`no OpenAI-compatible API at ${baseUrl} (404 for /models and /chat/completions; most servers serve under /v1)`, urlSource ?? '--base-url');
  }
  throw new ApiCallError(`the LLM server at ${baseUrl} answered the preflight request with ${said} (nothing was run; try again later)`, status, false);
}

/** `connect ECONNREFUSED 127.0.0.1:8000`: the innermost causes, without the SDK's "Connection error." wrapper. */
function connectionReason(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error instanceof APIError && error.cause !== undefined ? error.cause : error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current.message && !messages.includes(current.message)) messages.push(current.message);
    current = current.cause;
  }
  const text = messages.length > 0 ? messages.join(': ') : String(error);
  const code = findErrorCode(error);
  return firstLine(code && !text.includes(code) ? `${text} (${code})` : text);
}

function isOpenAI(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
