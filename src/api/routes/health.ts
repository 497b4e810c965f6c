import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { OPEN } from '../docs.js';
import { errorResponses } from '../schemas.js';

const TEMPORAL_PROBE_MS = 2_000;

const readySchema = {
  type: 'object',
  properties: { status: { type: 'string' }, checks: { type: 'object', properties: { temporal: { type: 'string' }, worker: { type: 'string' } } } },
};

/**
 * `GET /healthz`: the process answers (liveness). `GET /readyz`: it can do its work: Temporal answers a
 * cheap call within 2 s and this process's worker is polling; otherwise 503 `not_ready` naming the check.
 */
export const healthRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  app.get(
    '/healthz',
    { schema: { ...OPEN, summary: 'Liveness', tags: ['operations'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    { schema: { ...OPEN, summary: 'Readiness: Temporal reachable and the worker polling', tags: ['operations'], response: { 200: readySchema, 503: errorResponses(503)[503] } } },
    async () => {
      const checks = {
        temporal: await deps.client
          .withDeadline(Date.now() + TEMPORAL_PROBE_MS, () => deps.client.workflowService.getSystemInfo({}))
          .then(() => 'ok', (error: unknown) => `unreachable: ${error instanceof Error ? error.message : String(error)}`),
        worker: deps.workerRunning() ? 'running' : 'not running',
      };
      if (checks.temporal !== 'ok' || checks.worker !== 'running') throw new ApiError(503, 'not_ready', 'not ready', { checks });
      return { status: 'ready', checks };
    },
  );
};
