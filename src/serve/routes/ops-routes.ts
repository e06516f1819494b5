import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../serve-context.ts';

/** `GET /healthz` (liveness, no token needed; `queriesInFlight` and `worker` are this process's) and `GET /metrics` (Prometheus text, whole server). */
export function opsRoutes(app: FastifyInstance, context: ServeContext): void {
  app.get('/healthz', async () => ({
    status: 'ok',
    model: context.controller.modelId,
    task: context.controller.task,
    backend: context.backend.label,
    simulated: context.backend.simulated,
    queriesInFlight: context.gate.inFlight,
    worker: context.worker,
  }));

  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await context.metricsText()));
}
