import { fileURLToPath } from 'node:url';
import type { NativeConnection} from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import type { Metrics } from '../metrics/registry.js';
import { enrollmentMetricsSinks } from '../metrics/workflowSinks.js';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Lets webpack resolve the `.js` suffixes that NodeNext ESM imports use to their `.ts` sources. */
export const bundlerOptions: WorkerOptions['bundlerOptions'] = {
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
  }),
};

/** The activities' dependencies, with the whole registry: the workflows count enrollments into it too. */
export type WorkerDeps = Omit<ActivityDeps, 'metrics'> & { metrics?: Metrics };

export interface PeygirWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: WorkerDeps;
  /** Payload encryption (src/temporal/dataConverter.ts); the same as the clients'. */
  dataConverter: WorkerOptions['dataConverter'];
  /** A prebuilt workflow bundle (tests build it once); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Worker tuning (cache size, sticky queue timeout, concurrency) for special deployments and tests. */
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'stickyQueueScheduleToStartTimeout' | 'maxConcurrentActivityTaskExecutions'>;
}

/** The worker that runs Peygir's workflows and activities on one task queue; the workflows count into `deps.metrics`. */
export function createPeygirWorker(options: PeygirWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
    activities: createActivities(options.deps),
    sinks: enrollmentMetricsSinks(options.deps.metrics),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath, bundlerOptions }),
    // Pollers follow the backlog (more while tasks wait, fewer when idle) instead of a fixed count:
    // about a sixth more enrollments started per second in bench:scale on 2 cores.
    workflowTaskPollerBehavior: { type: 'autoscaling' },
    activityTaskPollerBehavior: { type: 'autoscaling' },
    ...options.tuning,
  });
}
