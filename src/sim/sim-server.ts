import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ChatModel, ChatResponse, RequestMeta } from '../llm/chat-model.ts';
import { countTokens } from '../llm/count-tokens.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { createSimChatModel } from './sim-chat-model.ts';
import type { SimProfile } from './sim-profile.ts';

const messageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([z.string(), z.array(z.object({ type: z.literal('text'), text: z.string() }))]),
});

const metaSchema = z.object({
  task: z.string(),
  queryId: z.string(),
  role: z.enum(['generate', 'cot', 'sc-select', 'self-refine', 'programmer', 'custom-code', 'test-reflect', 'plan', 'aggregate']),
  difficulty: z.number(),
  reference: z.string(),
  inputs: z.array(z.string()).optional(),
  attempt: z.number().int().optional(),
  entryPoint: z.string().optional(),
  code: z.object({ prompt: z.string(), test: z.string() }).optional(),
  /** Separate sample calls of one prompt; real servers differ by temperature, the sim by this. */
  sampleIndex: z.number().int().nonnegative().optional(),
});

const chatBodySchema = z.object({
  model: z.string(),
  messages: z.array(messageSchema).min(1),
  temperature: z.number().optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  n: z.number().int().min(1).max(16).optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
  lamas_meta: metaSchema.optional(),
});

const embeddingsBodySchema = z.object({ model: z.string(), input: z.union([z.string(), z.array(z.string())]) });

export interface SimServerOptions {
  profile: SimProfile;
  seed: number;
  /** `real`: responses take the simulated latency x scale (streams are paced); `virtual`: immediate. */
  time?: 'virtual' | 'real';
  scale?: number;
  host?: string;
  port?: number;
  /** Lets the sim check that its wrong HumanEval code really fails (see verifiedMutants). */
  sandbox?: Sandbox;
}

export interface SimServerStats {
  chatRequests: number;
  inFlight: number;
  maxInFlight: number;
}

export interface RunningSimServer {
  /** Base URL for OpenAI clients, ending in /v1. */
  url: string;
  server: FastifyInstance;
  /** Counted by the server itself, so tests can assert what clients really sent. */
  stats(): SimServerStats;
  close(): Promise<void>;
}

/**
 * The simulation behind an OpenAI-compatible HTTP API, so the real `openai` SDK path can be
 * driven end to end offline. The sim's typed hints arrive in a `lamas_meta` body field.
 */
export async function startSimServer(options: SimServerOptions): Promise<RunningSimServer> {
  const model = createSimChatModel({ profile: options.profile, seed: options.seed, time: 'virtual', sandbox: options.sandbox });
  const pace = options.time === 'real' ? (options.scale ?? 1) : 0;
  const served = [options.profile.model, `sim:${options.profile.name}`];
  const server = Fastify({ logger: false });
  const stats: SimServerStats = { chatRequests: 0, inFlight: 0, maxInFlight: 0 };

  server.get('/v1/models', async () => ({
    object: 'list',
    data: served.map((id) => ({ id, object: 'model', created: 0, owned_by: 'lamas-sim' })),
  }));

  server.post('/v1/embeddings', async (request, reply) => {
    const body = embeddingsBodySchema.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const texts = typeof body.data.input === 'string' ? [body.data.input] : body.data.input;
    const vectors = await model.embed({ texts });
    const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
    return {
      object: 'list',
      model: body.data.model,
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  });

  server.post('/v1/chat/completions', async (request, reply) => {
    const body = chatBodySchema.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    if (!served.includes(body.data.model)) {
      return reply.code(404).send({ error: { message: `The model \`${body.data.model}\` does not exist`, type: 'invalid_request_error', code: 'model_not_found' } });
    }
    stats.chatRequests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      const response = await answer(model, body.data, sentMeta(request.body));
      const id = `chatcmpl-sim-${Date.now().toString(36)}`;
      if (body.data.stream) return await streamResponse(reply, id, body.data, response, pace);
      if (pace > 0) await sleep(response.latencyMs * pace);
      return completion(id, body.data.model, response);
    } finally {
      stats.inFlight--;
    }
  });

  await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = server.server.address() as AddressInfo;
  return { url: `http://${address.address}:${address.port}/v1`, server, stats: () => ({ ...stats }), close: () => server.close() };
}

type ChatBody = z.infer<typeof chatBodySchema>;

/**
 * `lamas_meta` exactly as the client sent it (validated above): the sim seeds its draws with a hash
 * of the meta, so the schema's reordered, stripped copy would answer differently from the
 * in-process sim the client would have run with the same seed.
 */
function sentMeta(raw: unknown): Record<string, unknown> | undefined {
  const meta: unknown = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'lamas_meta') : undefined;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : undefined;
}

function answer(model: ChatModel, body: ChatBody, sent: Record<string, unknown> | undefined): Promise<ChatResponse> {
  const { sampleIndex: _sampleIndex, ...meta } = sent ?? {};
  return model.chat({
    messages: body.messages.map((message) => ({
      role: message.role,
      content: typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join(''),
    })),
    temperature: body.temperature,
    maxTokens: body.max_completion_tokens ?? body.max_tokens,
    n: body.n,
    sampleIndex: body.lamas_meta?.sampleIndex,
    meta: body.lamas_meta ? (meta as unknown as RequestMeta) : undefined,
  });
}

function usageOf(response: ChatResponse) {
  const { promptTokens, completionTokens } = response.usage;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function completion(id: string, model: string, response: ChatResponse) {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: response.texts.map((text, index) => ({ index, message: { role: 'assistant', content: text }, finish_reason: 'stop' })),
    usage: usageOf(response),
  };
}

/** Server-sent chunks paced like a real model: first token after the TTFT, then at the decode rate. */
async function streamResponse(reply: FastifyReply, id: string, body: ChatBody, response: ChatResponse, pace: number): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  let open = true;
  raw.on('close', () => {
    open = false;
  });
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const created = Math.floor(Date.now() / 1000);
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    raw.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices, ...extra })}\n\n`);

  const pieces = response.texts.map((text) => text.match(/\S+\s*|\s+/g) ?? []);
  const steps = Math.max(1, ...pieces.map((parts) => parts.length));
  const firstTokenMs = (response.firstTokenMs ?? 0) * pace;
  const perStepMs = ((response.latencyMs - (response.firstTokenMs ?? 0)) * pace) / steps;
  if (firstTokenMs > 0) await sleep(firstTokenMs);
  if (!open) return;
  send(response.texts.map((_, index) => ({ index, delta: { role: 'assistant', content: '' }, finish_reason: null })));
  for (let step = 0; step < steps && open; step++) {
    if (perStepMs > 0) await sleep(perStepMs);
    if (!open) return;
    const choices = pieces.flatMap((parts, index) => (step < parts.length ? [{ index, delta: { content: parts[step] }, finish_reason: null }] : []));
    if (choices.length > 0) send(choices);
  }
  if (!open) return;
  send(response.texts.map((_, index) => ({ index, delta: {}, finish_reason: 'stop' })));
  if (body.stream_options?.include_usage) send([], { usage: usageOf(response) });
  raw.end('data: [DONE]\n\n');
}

function badRequest(reply: FastifyReply, error: z.ZodError) {
  const issue = error.issues[0]!;
  return reply.code(400).send({ error: { message: `${issue.path.join('.') || 'body'}: ${issue.message}`, type: 'invalid_request_error', code: null } });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
