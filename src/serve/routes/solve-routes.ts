import type { FastifyInstance } from 'fastify';
import type { OperatorEvent } from '../../graph/run-query.ts';
import { ApiError, parseBody } from '../api-error.ts';
import { abortOnDisconnect } from '../client-disconnect.ts';
import { checkQueryLength, solveRequestSchema } from '../request-schemas.ts';
import type { ServeContext } from '../serve-context.ts';
import { assertSolvable, type SolveEvent, type SolveResult, solveQuery } from '../solve-query.ts';
import { openSse } from '../sse-stream.ts';

/**
 * `POST /v1/solve`: the whole orchestrated system answers a query. With `stream: true` the
 * response is server-sent events: `topology`, then `operator-start` / `operator-end` per
 * operator as they happen, then `done` with the same body as the non-streaming answer (or
 * `error`). Closing the connection cancels the query's in-flight LLM calls.
 */
export function solveRoutes(app: FastifyInstance, context: ServeContext): void {
  app.post('/v1/solve', async (request, reply): Promise<SolveResult | undefined> => {
    const body = parseBody(solveRequestSchema, request.body);
    checkQueryLength(body.query, context.maxQueryChars, 'query');
    context.controller.checkTask(body.task);
    assertSolvable(context.controller.task);
    const release = context.gate.acquire();
    try {
      const signal = abortOnDisconnect(reply, context.shutdown);
      const query = { query: body.query, greedy: body.greedy, signal };
      if (!body.stream) return await solveQuery(context, query);

      const sse = openSse(reply);
      try {
        const result = await solveQuery(context, { ...query, onEvent: (event) => sse.send(eventData(event), event.type) });
        sse.send(result, 'done');
      } catch (error) {
        sse.send(ApiError.from(error).body(), 'error');
      }
      sse.end();
      return undefined;
    } finally {
      release();
    }
  });
}

function eventData(event: SolveEvent): object {
  if (event.type === 'topology') return event.topology;
  return operatorEventData(event);
}

function operatorEventData(event: OperatorEvent): object {
  const { type: _type, ...fields } = event;
  if (!('record' in fields)) return fields;
  const { record, ...rest } = fields;
  const { kind: _kind, run: _run, query: _query, node: _node, layer: _layer, operator: _operator, ...usage } = record;
  return { ...rest, ...usage };
}
