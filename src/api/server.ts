import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import { peygirApi, type ApiDeps } from './app.js';

/** Builds the Fastify app with Peygir's routes and the shared logger. */
export async function buildApi(deps: ApiDeps, log: Logger): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = log.child({ component: 'api' });
  const app = Fastify({
    loggerInstance,
    bodyLimit: 1_048_576,
    trustProxy: deps.settings.trustProxy,
    // Workflow IDs travel URL-encoded in paths (`/v1/enrollments/enrollment%2F…`).
    routerOptions: { maxParamLength: 1_000 },
    // A caller's X-Request-Id is kept (and logged as reqId); otherwise one is made. Echoed in the answer.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // One line per request, when it is answered (below), instead of Fastify's two.
    disableRequestLogging: true,
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
  await app.register(peygirApi, deps);
  return app;
}
