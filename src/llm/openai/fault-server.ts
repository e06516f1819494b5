/**
 * Test helper: a loopback server that speaks enough of the OpenAI API (streamed and plain chat
 * completions, embeddings) to drive the real SDK, and misbehaves on cue. A script picks the
 * answer for each request, so tests can inject 429s, 500s, dropped connections and stalls on a
 * deterministic schedule, and then compare what the client accounted with what the server said.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServerUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
}

export type FaultAction =
  /** A normal answer. `text` per choice (one string is used for every choice). */
  | {
      kind: 'ok';
      text?: string | string[];
      /** Split each text into chunks of this many characters (default: one word per chunk). */
      chunkChars?: number;
      /** Pause before every chunk, to let a test cancel mid-stream. */
      chunkDelayMs?: number;
      /** The usage reported in the final chunk; `omit` sends none (a server without usage support). */
      usage?: ServerUsage | 'omit';
    }
  /** An error status with a JSON body, e.g. 429 with Retry-After. */
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Close the socket without a word after `afterChunks` chunks (0: before any response). */
  | { kind: 'drop'; afterChunks: number }
  /** Stop talking after `afterChunks` chunks (0: before headers), until the client hangs up. */
  | { kind: 'stall'; afterChunks: number };

export interface RecordedRequest {
  /** Arrival order, from 0. */
  index: number;
  path: string;
  body: Record<string, unknown>;
  /** Scripting key: the last message's content for chat, the joined inputs for embeddings. */
  key: string;
  /** How many earlier requests had the same key: 0 on a first attempt, 1 on the first retry... */
  attemptForKey: number;
  /** Set when the connection closed (by either side), in performance.now() time. */
  closedAt?: number;
  /** Chunks written before the end or the close. */
  chunksSent: number;
  /** The answer the script chose. */
  action: FaultAction;
}

export type FaultScript = (request: RecordedRequest) => FaultAction;

export interface FaultServer {
  /** `http://127.0.0.1:PORT/v1`, ready for the SDK's baseURL. */
  readonly baseUrl: string;
  readonly requests: readonly RecordedRequest[];
  /** Most requests open at the same time. */
  readonly maxInFlight: number;
  /**
   * Most distinct calls (keys) open at the same time: what a client's concurrency limit bounds.
   * Unlike `maxInFlight` it does not count twice a call whose timed-out attempt the client has
   * closed but whose close the server has not processed yet when the retry arrives.
   */
  readonly maxKeysInFlight: number;
  /** Sum of the usage the server reported on completed answers (not on dropped or stalled ones). */
  readonly reportedUsage: { promptTokens: number; completionTokens: number; calls: number };
  /** Emits `chunk` (request, chunkIndex) after each chunk is written and `close` (request). */
  readonly events: EventEmitter;
  close(): Promise<void>;
}

/** Common faults, so tests read like the schedule they describe. */
export const faults = {
  ok: (text = 'The answer is 42.', usage?: ServerUsage): FaultAction => (usage ? { kind: 'ok', text, usage } : { kind: 'ok', text }),
  rateLimited: (retryAfterSeconds: number): FaultAction => ({
    kind: 'error',
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded', param: null } },
  }),
  serverError: (status = 500): FaultAction => ({
    kind: 'error',
    status,
    body: { error: { message: 'The server had an error processing your request.', type: 'server_error', code: null, param: null } },
  }),
  unknownModel: (model: string): FaultAction => ({
    kind: 'error',
    status: 404,
    body: {
      error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found', param: null },
    },
  }),
  badRequest: (message = 'Invalid value for temperature'): FaultAction => ({
    kind: 'error',
    status: 400,
    body: { error: { message, type: 'invalid_request_error', code: null, param: 'temperature' } },
  }),
  drop: (afterChunks = 0): FaultAction => ({ kind: 'drop', afterChunks }),
  stall: (afterChunks = 0): FaultAction => ({ kind: 'stall', afterChunks }),
};

export async function startFaultServer(script: FaultScript = () => faults.ok()): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const attemptsByKey = new Map<string, number>();
  const events = new EventEmitter();
  const reportedUsage = { promptTokens: 0, completionTokens: 0, calls: 0 };
  let inFlight = 0;
  let maxInFlight = 0;
  const openByKey = new Map<string, number>();
  let maxKeysInFlight = 0;

  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    let key: string | undefined;
    const release = (): void => {
      if (!counted) return;
      counted = false;
      inFlight--;
      if (key === undefined) return;
      const open = openByKey.get(key)! - 1;
      if (open === 0) openByKey.delete(key);
      else openByKey.set(key, open);
    };
    res.on('close', release);
    void readBody(req).then(
      (raw) => {
        const body = parseObject(raw);
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (counted) {
          key = requestKey(path, body);
          openByKey.set(key, (openByKey.get(key) ?? 0) + 1);
          maxKeysInFlight = Math.max(maxKeysInFlight, openByKey.size);
        }
        handle(req, res, path, body, requestKey(path, body));
      },
      () => res.destroy(),
    );
  });

  function handle(req: IncomingMessage, res: ServerResponse, path: string, body: Record<string, unknown>, key: string): void {
    const attemptForKey = attemptsByKey.get(key) ?? 0;
    attemptsByKey.set(key, attemptForKey + 1);
    const recorded: RecordedRequest = { index: requests.length, path, body, key, attemptForKey, chunksSent: 0, action: faults.ok() };
    requests.push(recorded);
    recorded.action = script(recorded);
    res.on('close', () => {
      recorded.closedAt = performance.now();
      events.emit('close', recorded);
    });

    if (path.endsWith('/chat/completions')) void answerChat(recorded, req, res);
    else if (path.endsWith('/embeddings')) answerEmbeddings(recorded, req, res);
    else if (path.endsWith('/models')) sendJson(res, 200, { object: 'list', data: [{ id: 'fault-model', object: 'model', owned_by: 'lamas' }] });
    else sendJson(res, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error', code: null, param: null } });
  }

  async function answerChat(recorded: RecordedRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const action = recorded.action;
    if (action.kind === 'error') {
      sendJson(res, action.status, action.body ?? { error: { message: 'error' } }, action.headers);
      return;
    }
    const n = typeof recorded.body['n'] === 'number' ? recorded.body['n'] : 1;
    const model = typeof recorded.body['model'] === 'string' ? recorded.body['model'] : 'fault-model';
    const stop = action.kind === 'drop' || action.kind === 'stall' ? action.afterChunks : Number.POSITIVE_INFINITY;
    if (stop === 0) {
      if (action.kind === 'drop') req.socket.destroy();
      return; // stall: say nothing until the client gives up
    }

    const okAction = action.kind === 'ok' ? action : undefined;
    const texts = choiceTexts(okAction?.text, n);
    const usage = okAction?.usage ?? { promptTokens: 10 + recorded.index, completionTokens: 5 + recorded.index };

    if (recorded.body['stream'] !== true) {
      // Plain JSON; faults other than errors make little sense here, so they act as for streams.
      if (!okAction) {
        if (action.kind === 'drop') req.socket.destroy();
        return;
      }
      const payload: Record<string, unknown> = {
        id: `chatcmpl-${recorded.index}`,
        object: 'chat.completion',
        created: 0,
        model,
        choices: texts.map((text, index) => ({ index, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null })),
      };
      if (usage !== 'omit') payload['usage'] = usagePayload(usage);
      countReported(usage);
      sendJson(res, 200, payload);
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunkTexts = texts.map((text) => splitText(text, okAction?.chunkChars));
    const base = { id: `chatcmpl-${recorded.index}`, object: 'chat.completion.chunk', created: 0, model };
    const streamOptions = recorded.body['stream_options'];
    const wantsUsage = typeof streamOptions === 'object' && streamOptions !== null && Reflect.get(streamOptions, 'include_usage') === true;

    const longest = Math.max(...chunkTexts.map((parts) => parts.length));
    for (let step = 0; step < longest; step++) {
      for (let choice = 0; choice < chunkTexts.length; choice++) {
        const part = chunkTexts[choice]?.[step];
        if (part === undefined) continue;
        if (recorded.chunksSent >= stop) {
          if (action.kind === 'drop') req.socket.destroy();
          return; // stall: leave the response open
        }
        if (okAction?.chunkDelayMs) await sleep(okAction.chunkDelayMs);
        if (res.destroyed) return; // the client hung up
        const delta = step === 0 ? { role: 'assistant', content: part } : { content: part };
        // Awaited so that a drop right after really happens mid-response, not before the bytes left.
        await writeEvent(res, { ...base, choices: [{ index: choice, delta, finish_reason: null, logprobs: null }] });
        events.emit('chunk', recorded, recorded.chunksSent);
        recorded.chunksSent++;
      }
    }
    if (!okAction) {
      // A fault scheduled after more chunks than the answer has: fault at the end instead.
      if (action.kind === 'drop') req.socket.destroy();
      return;
    }
    await writeEvent(res, { ...base, choices: texts.map((_, index) => ({ index, delta: {}, finish_reason: 'stop', logprobs: null })) });
    if (wantsUsage && usage !== 'omit') await writeEvent(res, { ...base, choices: [], usage: usagePayload(usage) });
    countReported(usage);
    res.end('data: [DONE]\n\n');
  }

  function answerEmbeddings(recorded: RecordedRequest, req: IncomingMessage, res: ServerResponse): void {
    const action = recorded.action;
    if (action.kind === 'error') return sendJson(res, action.status, action.body ?? { error: { message: 'error' } }, action.headers);
    if (action.kind === 'drop') return void req.socket.destroy();
    if (action.kind === 'stall') return;
    const input = recorded.body['input'];
    const texts = Array.isArray(input) ? input.map(String) : [String(input)];
    const base64 = recorded.body['encoding_format'] === 'base64';
    // Reversed on purpose: the client must order by `index`, not by position.
    const data = texts
      .map((text, index) => {
        const vector = embedText(text);
        return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
      })
      .reverse();
    const promptTokens = texts.reduce((sum, text) => sum + text.length, 0);
    sendJson(res, 200, { object: 'list', data, model: recorded.body['model'], usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
  }

  function countReported(usage: ServerUsage | 'omit'): void {
    reportedUsage.calls++;
    if (usage === 'omit') return;
    reportedUsage.promptTokens += usage.promptTokens;
    reportedUsage.completionTokens += usage.completionTokens;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get maxKeysInFlight() {
      return maxKeysInFlight;
    },
    reportedUsage,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled responses would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A deterministic small vector per text, so tests can check which input a vector belongs to. */
export function embedText(text: string): number[] {
  return [text.length, text.charCodeAt(0) || 0, text.charCodeAt(text.length - 1) || 0];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseObject(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function requestKey(path: string, body: Record<string, unknown>): string {
  const messages = body['messages'];
  if (Array.isArray(messages)) {
    const last: unknown = messages[messages.length - 1];
    if (typeof last === 'object' && last !== null) return `chat:${String(Reflect.get(last, 'content'))}`;
  }
  const input = body['input'];
  if (input !== undefined) return `embed:${Array.isArray(input) ? input.join('\u0000') : String(input)}`;
  return path;
}

function choiceTexts(text: string | string[] | undefined, n: number): string[] {
  if (Array.isArray(text)) return text;
  const one = text ?? 'The answer is 42.';
  return Array.from({ length: n }, (_, index) => (n === 1 ? one : `${one} (sample ${index})`));
}

function splitText(text: string, chunkChars: number | undefined): string[] {
  if (chunkChars && chunkChars > 0) {
    const parts: string[] = [];
    for (let at = 0; at < text.length; at += chunkChars) parts.push(text.slice(at, at + chunkChars));
    return parts;
  }
  return text.match(/\s*\S+/g) ?? [text];
}

function usagePayload(usage: ServerUsage): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
  if (usage.cachedTokens !== undefined) payload['prompt_tokens_details'] = { cached_tokens: usage.cachedTokens };
  return payload;
}

/** Resolves once the event is handed to the OS (or the connection is gone). */
function writeEvent(res: ServerResponse, payload: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(`data: ${JSON.stringify(payload)}\n\n`, () => resolve());
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
