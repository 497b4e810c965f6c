import proto from '@temporalio/proto';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { OPEN } from '../docs.js';
import { errorResponses } from '../schemas.js';

const TEMPORAL_PROBE_MS = 2_000;
/** A poller Temporal saw this recently is alive (a long poll lasts up to a minute). */
const POLLER_FRESH_MS = 120_000;

const readySchema = {
  type: 'object',
  properties: { status: { type: 'string' }, checks: { type: 'object', properties: { temporal: { type: 'string' }, store: { type: 'string' }, worker: { type: 'string' } } } },
};

/**
 * `GET /healthz`: the process answers (liveness). `GET /readyz`: it can do its work: Temporal and the
 * customer store each answer a cheap call within 2 s and this process's worker is polling; otherwise 503
 * `not_ready` naming the check.
 * An API-only process has no worker of its own: it reports the workers Temporal sees polling the task
 * queue, but is ready without them (Temporal keeps the events it accepts until a worker comes).
 */
export const healthRoutes: FastifyPluginAsync<Pick<ApiDeps, 'client' | 'taskQueue' | 'store' | 'workerRunning'>> = async (app, deps) => {
  app.get(
    '/healthz',
    { schema: { ...OPEN, summary: 'Liveness', tags: ['operations'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    { schema: { ...OPEN, summary: 'Readiness: Temporal and the store reachable, the worker polling', tags: ['operations'], response: { 200: readySchema, 503: errorResponses(503)[503] } } },
    async () => {
      const unreachable = (error: unknown) => `unreachable: ${error instanceof Error ? error.message : String(error)}`;
      const [temporalCheck, storeCheck] = await Promise.all([
        deps.client.withDeadline(Date.now() + TEMPORAL_PROBE_MS, () => deps.client.workflowService.getSystemInfo({})).then(() => 'ok', unreachable),
        deps.store.ping(TEMPORAL_PROBE_MS).then(() => 'ok', unreachable),
      ]);
      const ownWorker = deps.workerRunning;
      const checks = {
        temporal: temporalCheck,
        store: storeCheck,
        worker: ownWorker ? (ownWorker() ? 'running' : 'not running') : temporalCheck === 'ok' ? await pollingWorkers(deps).catch((error: unknown) => `unknown: ${String(error)}`) : 'unknown',
      };
      if (checks.temporal !== 'ok' || checks.store !== 'ok' || (ownWorker && checks.worker !== 'running')) throw new ApiError(503, 'not_ready', 'not ready', { checks });
      return { status: 'ready', checks };
    },
  );
};

/** How many workers Temporal saw polling the task queue for workflow tasks lately, in words for ops. */
async function pollingWorkers(deps: Pick<ApiDeps, 'client' | 'taskQueue'>): Promise<string> {
  const { pollers } = await deps.client.withDeadline(Date.now() + TEMPORAL_PROBE_MS, () =>
    deps.client.workflowService.describeTaskQueue({
      namespace: deps.client.options.namespace,
      taskQueue: { name: deps.taskQueue },
      taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    }),
  );
  const fresh = (pollers ?? []).filter((poller) => {
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    return Date.now() - seconds * 1000 < POLLER_FRESH_MS;
  });
  return fresh.length > 0
    ? `${fresh.length} polling task queue ${deps.taskQueue} (other processes)`
    : `none polling task queue ${deps.taskQueue}: runs wait until a worker starts`;
}
