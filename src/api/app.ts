import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { SequenceRegistry } from '../dsl/registry.js';
import { errorHandler } from './errors.js';
import { eventRoutes } from './routes/events.js';

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  sequences: SequenceRegistry;
}

/** The HTTP API as a plugin: no listen here (src/api/server.ts listens; tests inject). */
export async function peygirApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.setErrorHandler(errorHandler);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(eventRoutes, deps);
}
