import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { SequenceRegistry } from '../dsl/registry.js';
import type { LinkSettings } from '../security/links.js';
import { errorHandler } from './errors.js';
import { eventRoutes } from './routes/events.js';
import { trackingRoutes } from './routes/tracking.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  sequences: SequenceRegistry;
  /** PEYGIR_SECRET and PUBLIC_BASE_URL, to read signed links. */
  links: LinkSettings;
}

/** The HTTP API as a plugin: no listen here (src/api/server.ts listens; tests inject). */
export async function peygirApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.setErrorHandler(errorHandler);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(eventRoutes, deps);
  await app.register(unsubscribeRoutes, deps);
  await app.register(trackingRoutes, deps);
}
