import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError, parseBody } from '../api-error.ts';
import { abortOnDisconnect } from '../client-disconnect.ts';
import { type ChatWarning, chatRequestSchema, chatWarnings, lastUserText } from '../chat-request-schema.ts';
import { checkQueryLength } from '../request-schemas.ts';
import type { ServeContext } from '../serve-context.ts';
import { assertSolvable, type SolveResult, solveQuery } from '../solve-query.ts';
import { openSse } from '../sse-stream.ts';

/**
 * The OpenAI-compatible facade: `GET /v1/models` lists the served controller as `lamas-<task>`,
 * `POST /v1/chat/completions` answers the last user message with the orchestrated system.
 * Chat completions are greedy (the controller's most probable topology), so the same
 * question gets the same graph.
 */
export function chatRoutes(app: FastifyInstance, context: ServeContext): void {
  const { controller } = context;
  const started = Math.floor(Date.now() / 1000);
  const model = () => ({ id: controller.modelId, object: 'model' as const, created: started, owned_by: 'lamas' });

  app.get('/v1/models', async () => ({ object: 'list', data: [model()] }));

  app.get<{ Params: { model: string } }>('/v1/models/:model', async (request) => {
    if (request.params.model !== controller.modelId) throw modelNotFound(request.params.model, controller.modelId);
    return model();
  });

  app.post('/v1/chat/completions', async (request, reply) => {
    const body = parseBody(chatRequestSchema, request.body);
    if (body.model !== controller.modelId) throw modelNotFound(body.model, controller.modelId);
    const last = lastUserText(body.messages);
    if (!last || last.text === '') {
      const param = last ? `messages.${last.index}.content` : 'messages';
      throw new ApiError(400, `${param}: the last user message is the query and must hold text`, 'invalid_request_error', param, 'invalid_value');
    }
    checkQueryLength(last.text, context.maxQueryChars, `messages.${last.index}.content`);
    assertSolvable(controller.task);
    const warnings = chatWarnings(body, last.index);
    const release = context.gate.acquire();
    try {
      const signal = abortOnDisconnect(reply, context.shutdown);
      const id = `chatcmpl-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      if (!body.stream) {
        const result = await solveQuery(context, { query: last.text, greedy: true, signal });
        return reply.headers(warningHeaders(warnings)).send(completion(id, created, controller.modelId, result, warnings));
      }

      const sse = openSse(reply, warningHeaders(warnings));
      const chunk = (choices: unknown[], extra: object = {}) =>
        sse.send({ id, object: 'chat.completion.chunk', created, model: controller.modelId, system_fingerprint: null, choices, ...extra });
      // The role chunk goes out at once; the answer only exists when the last layer is done.
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
      try {
        const result = await solveQuery(context, { query: last.text, greedy: true, signal });
        for (const piece of (result.answer ?? '').match(/\S+\s*|\s+/g) ?? []) chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
        chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
        if (body.stream_options?.include_usage) chunk([], { usage: usageOf(result), lamas: lamasExtras(result, warnings) });
        sse.sendRaw('[DONE]');
      } catch (error) {
        // A failure after the stream began (the backend gave nothing, the shutdown cancelled the
        // query): one last chunk that ends the choice with finish_reason "error" and carries the
        // error in the OpenAI shape, and no [DONE]. The OpenAI SDK raises an APIError with its
        // `code` (`shutting_down`, `backend_failed`); a client reading chunks by hand sees a
        // choice that did not stop. (OpenRouter ends failed streams the same way; OpenAI itself
        // sends the bare `{error}`.)
        chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'error' }], ApiError.from(error).body());
      }
      sse.end();
      return undefined;
    } finally {
      release();
    }
  });
}

function modelNotFound(requested: string, served: string): ApiError {
  return new ApiError(404, `The model \`${requested}\` does not exist; this server serves \`${served}\``, 'invalid_request_error', 'model', 'model_not_found');
}

function usageOf(result: SolveResult) {
  return { prompt_tokens: result.promptTokens, completion_tokens: result.completionTokens, total_tokens: result.promptTokens + result.completionTokens };
}

/**
 * `Warning: 299 - "<param>: ignored: <reason>"`, one per parameter the request set to no effect
 * (the HTTP warning header, as the Kubernetes API server sends for deprecated fields).
 */
function warningHeaders(warnings: readonly ChatWarning[]): Record<string, string[]> {
  if (warnings.length === 0) return {};
  return { warning: warnings.map((warning) => `299 - "${warning.message.replace(/["\\]/g, '\\$&')}"`) };
}

/** What an OpenAI client ignores and a lamas-aware one wants: the graph and its accounting, and what the request asked for in vain. */
function lamasExtras(result: SolveResult, warnings: readonly ChatWarning[]) {
  return {
    warnings,
    topology: result.topology.topology,
    llmCalls: result.llmCalls,
    costUsd: result.costUsd,
    cpTokens: result.cpTokens,
    cpWallMs: result.cpWallMs,
    wallMs: result.wallMs,
    simulated: result.simulated,
  };
}

function completion(id: string, created: number, model: string, result: SolveResult, warnings: readonly ChatWarning[]) {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, message: { role: 'assistant', content: result.answer ?? '', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: usageOf(result),
    lamas: lamasExtras(result, warnings),
  };
}
