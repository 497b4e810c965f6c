import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/app.js';
import { errorHandler, notFoundHandler } from '../api/errors.js';
import { healthRoutes } from '../api/routes/health.js';
import { metricsRoutes } from '../api/routes/metrics.js';
import type { Logger } from '../logger.js';

type WorkerServerDeps = Pick<ApiDeps, 'client' | 'taskQueue' | 'metrics' | 'store'> & { workerRunning: () => boolean };

/**
 * What a worker-only process (PEYGIR_ROLE=worker) serves on WORKER_METRICS_PORT, with the API's own
 * routes: `GET /metrics` (this worker's registry: the enrollment counters its workflows feed, sends,
 * process metrics), `GET /healthz` and `GET /readyz` (Temporal and the store answer and this worker polls).
 */
export async function buildWorkerServer(deps: WorkerServerDeps, log: Logger): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = log.child({ component: 'worker-metrics' });
  const app = Fastify({ loggerInstance });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, deps);
  return app;
}
