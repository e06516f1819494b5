import type { FastifyInstance } from 'fastify';
import { parseBody } from '../api-error.ts';
import { checkQueryLength, topologyRequestSchema } from '../request-schemas.ts';
import type { ServeContext } from '../serve-context.ts';
import type { TopologyDescription } from '../../controller/describe-choice.ts';

/**
 * `POST /v1/topology`: the controller's choice for a query, no LLM call. This is the hot path
 * (the bench loads it with 100 connections): validate, encode, one forward pass per layer, format.
 */
export function topologyRoutes(app: FastifyInstance, context: ServeContext): void {
  app.post('/v1/topology', async (request): Promise<TopologyDescription> => {
    const body = parseBody(topologyRequestSchema, request.body);
    checkQueryLength(body.query, context.maxQueryChars, 'query');
    context.controller.checkTask(body.task);
    const choice = await context.controller.choose(body.query, body.greedy);
    return context.controller.describe(choice, body.greedy);
  });
}
