/**
 * The one interface every operator talks to. Callers depend on this spec, never on the
 * openai or sim implementation (those live in ./openai and ./sim).
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What an operator call is for; the sim reads it, real backends never send it anywhere. */
export type OperatorRole =
  | 'generate'
  | 'cot'
  | 'sc-select'
  | 'self-refine'
  | 'programmer'
  | 'custom-code'
  | 'test-reflect'
  | 'plan'
  | 'aggregate';

/**
 * Typed hints for the simulated backend. It decides outcomes from these (never by parsing the
 * prompt for the answer); the openai backend ignores them and the sim-server receives them in a
 * `lamas_meta` body field that other servers ignore.
 */
export interface RequestMeta {
  task: string;
  queryId: string;
  role: OperatorRole;
  /** The problem's difficulty from its own data (GSM8K steps, MATH level, HumanEval size). */
  difficulty: number;
  /** The reference answer (or reference solution for code) the sim measures correctness against. */
  reference: string;
  /** Answers of earlier operators this call works on (ScEnsemble candidates, SelfRefine draft). */
  inputs?: string[];
  /** Retry number inside an operator (Programmer, Test), from 0. */
  attempt?: number;
  /** Code tasks: the function name the answer must define. */
  entryPoint?: string;
  /**
   * Code tasks: the prompt and hidden tests, so the sim can make sure its wrong code really
   * fails them (it runs candidates in the sandbox).
   */
  code?: { prompt: string; test: string };
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Samples in one request (the OpenAI `n`). */
  n?: number;
  /** Which of several separate sample calls this is; part of the cache key. */
  sampleIndex?: number;
  stop?: string[];
  signal?: AbortSignal;
  meta?: RequestMeta;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the server served from its own prefix cache, when it says so. */
  cachedTokens?: number;
}

export interface ChatResponse {
  /** One text per sample. */
  texts: string[];
  usage: ChatUsage;
  model: string;
  /** Time from request to last token: measured (real backends, real-time sim) or simulated (virtual time). */
  latencyMs: number;
  /** Latency to first token, when known. */
  firstTokenMs?: number;
  /** True when the answer came from the lamas cache (no backend call). */
  cached: boolean;
  /** Retries the backend made before this answer. */
  retries: number;
}

export interface EmbedRequest {
  texts: string[];
  signal?: AbortSignal;
}

export interface ChatModel {
  /** The registered provider that built it (`sim`, `openai`, ...); part of every cache key. */
  readonly provider: string;
  readonly modelId: string;
  /** True for the simulated backend; every summary it touches says so. */
  readonly simulated: boolean;
  /** True when `latencyMs` is simulated and no time actually passed (virtual-time sim). */
  readonly virtualTime: boolean;
  /**
   * True when the answer is a function of `request.meta` (the in-process sim): the response cache
   * then keys on the meta too. Unset for real servers, which never see it.
   */
  readonly answersFromMeta?: boolean;
  chat(request: ChatRequest): Promise<ChatResponse>;
  embed(request: EmbedRequest): Promise<number[][]>;
}
