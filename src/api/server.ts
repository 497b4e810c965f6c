import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import { peygirApi, type ApiDeps } from './app.js';

/** Builds the Fastify app with Peygir's routes and the shared logger. */
export async function buildApi(deps: ApiDeps, log: Logger): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = log.child({ component: 'api' });
  const app = Fastify({ loggerInstance, bodyLimit: 1_048_576 });
  await app.register(peygirApi, deps);
  return app;
}
