import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../app.js';
import { OPEN } from '../docs.js';

/** `GET /metrics`: Prometheus text format of Peygir's registry (src/metrics/registry.ts), on the API and on a lone worker. */
export const metricsRoutes: FastifyPluginAsync<Pick<ApiDeps, 'metrics'>> = async (app, deps) => {
  app.get('/metrics', { schema: { ...OPEN, summary: 'Prometheus metrics', tags: ['operations'] } }, async (_request, reply) => {
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
};
