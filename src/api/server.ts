import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from '../logger.js';
import { peygirApi, type ApiDeps } from './app.js';

/** One log line per request, when it is answered (method, URL, status, time), instead of Fastify's two. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

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
    logController: new OneLinePerRequest(),
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await app.register(peygirApi, deps);
  return app;
}
