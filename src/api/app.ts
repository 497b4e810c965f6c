import type { Client } from '@temporalio/client';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { SequenceRegistry } from '../dsl/registry.js';
import type { FrequencyCaps } from '../dsl/frequencyCaps.js';
import type { Metrics } from '../metrics/registry.js';
import type { LinkSettings } from '../security/links.js';
import type { Store } from '../store/store.js';
import { ANONYMOUS_SOURCE, authentication, isOpen } from './auth/authentication.js';
import { peygirConsole } from '../console/console.js';
import { registerDocs } from './docs.js';
import { ApiError, errorHandler, notFoundHandler } from './errors.js';
import { httpMetrics } from './httpMetrics.js';
import { callTaskRoutes } from './routes/callTasks.js';
import { codecRoutes } from './routes/codec.js';
import { customerPrivacyRoutes } from './routes/customerPrivacy.js';
import { customerRoutes } from './routes/customers.js';
import { enrollmentRoutes } from './routes/enrollments.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { reportRoutes } from './routes/reports.js';
import { sequenceRoutes } from './routes/sequences.js';
import { trackingRoutes } from './routes/tracking.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import type { ApiSettings } from './settings.js';

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  sequences: SequenceRegistry;
  /** FREQUENCY_CAPS: sent with each event, with the sequences it triggers (src/api/ingest.ts); without them the contact asks the worker. */
  frequencyCaps?: FrequencyCaps | undefined;
  /** PEYGIR_SECRET and PUBLIC_BASE_URL, to read signed links. */
  links: LinkSettings;
  metrics: Metrics;
  /** The customer store (profile, consent, events, ledger). */
  store: Store;
  /** Whether this process's worker is polling (for /readyz); absent in an API-only process. */
  workerRunning?: () => boolean;
  settings: ApiSettings;
}

/**
 * The HTTP API as a plugin: no listen here (src/api/server.ts listens; tests inject).
 * Open: health, readiness, metrics, docs and the signed email links. Everything under /v1 is
 * authenticated (unless no credentials are configured) and rate-limited per source; so is /codec
 * (authenticated only), which decrypts Temporal payloads for the Temporal Web UI.
 */
export async function peygirApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  if (isOpen(deps.settings.auth)) {
    app.log.warn('no API_KEYS or WEBHOOK_SIGNING_SECRETS configured: the /v1 API accepts unauthenticated requests (fine for development only)');
  }
  await registerDocs(app);
  await app.register(httpMetrics, { metrics: deps.metrics });
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, deps);
  await app.register(unsubscribeRoutes, deps);
  await app.register(trackingRoutes, deps);
  await app.register(codecRoutes, deps);
  await app.register(peygirConsole, deps);
  await app.register(async (v1) => {
    await v1.register(authentication, deps.settings.auth);
    await v1.register(rateLimit, {
      hook: 'preValidation',
      max: deps.settings.rateLimitPerMinute,
      timeWindow: 60_000,
      // Per source; requests without credentials (development) per client address.
      keyGenerator: (request) => (request.source && request.source !== ANONYMOUS_SOURCE ? `source:${request.source}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new ApiError(429, 'rate_limited', `more than ${context.max} requests a minute from this source; retry in ${context.after}`),
    });
    await v1.register(eventRoutes, deps);
    await v1.register(customerRoutes, deps);
    await v1.register(customerPrivacyRoutes, deps);
    await v1.register(enrollmentRoutes, deps);
    await v1.register(callTaskRoutes, deps);
    await v1.register(sequenceRoutes, deps);
    await v1.register(reportRoutes, deps);
  });
}
