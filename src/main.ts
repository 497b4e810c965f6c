import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { buildApi } from './api/server.js';
import { apiSettingsFromConfig } from './api/settings.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { SequenceRegistry } from './dsl/registry.js';
import { watchSequences } from './dsl/watch.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics/registry.js';
import { buildWorkerServer } from './metrics/workerServer.js';
import { linkSettingsFromConfig } from './security/links.js';
import { contactWatcher, rolloutOnReload } from './rollout/rollouts.js';
import { startedMessage } from './startMessage.js';
import { payloadKeyringFromConfig, peygirDataConverter } from './temporal/dataConverter.js';
import { storeLocationFromConfig } from './store/database.js';
import { createStore, type Store } from './store/store.js';
import { startDevServer } from './temporal/devServer.js';
import { registerSearchAttributes } from './temporal/registerSearchAttributes.js';
import { ensureLifecycleSchedule } from './temporal/lifecycleSchedule.js';
import { loadLifecycleRules } from './lifecycle/rules.js';
import { installTemporalRuntime } from './temporal/runtime.js';
import { workerDepsFromConfig } from './worker/deps.js';
import { createPeygirWorker } from './worker/worker.js';

type Stop = () => Promise<unknown> | unknown;

const STOP_DEADLINE_MS = 20_000;

/**
 * `npm start`: the whole of Peygir in one process: the embedded Temporal dev server (unless
 * TEMPORAL_ADDRESS points at a cluster), a worker, and the HTTP API, with the sequences loaded.
 * PEYGIR_ROLE=worker or api runs only one of the two (against a cluster), to scale them apart.
 * Everything started is stopped in reverse order on Ctrl-C, SIGTERM or a failed start.
 */
async function main(config: Config, log: Logger, stops: Stop[]): Promise<void> {
  installTemporalRuntime(log, config.TEMPORAL_METRICS_PORT);
  const sequences = new SequenceRegistry(config.SEQUENCES_DIR);
  const loaded = await sequences.reload();
  log.info({ sequences: loaded.map((s) => `${s.id}@${s.version}`) }, `loaded ${loaded.length} sequence(s) from ${config.SEQUENCES_DIR}/`);
  if (config.SEQUENCES_WATCH) stops.push(watchSequences(config.SEQUENCES_DIR, sequences, log));

  // The customer store, migrated before anything can write to it; closed after the API and worker stop.
  const store = await createStore(storeLocationFromConfig(config), { secret: config.PEYGIR_SECRET, lifecycle: loadLifecycleRules(config.LIFECYCLE_FILE) });
  stops.push(() => store.close());
  log.info(`customer store: ${store.description}, migrations applied`);

  // Every payload Peygir hands to Temporal is encrypted (README "Customer data in Temporal").
  const dataConverter = peygirDataConverter(payloadKeyringFromConfig(config));
  let address = config.TEMPORAL_ADDRESS;
  let uiUrl: string | undefined;
  if (!address) {
    const devServer = await startDevServer(
      {
        dataDir: config.PEYGIR_DATA_DIR,
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        cliPath: config.TEMPORAL_CLI,
        uiCodecEndpoint: codecEndpoint(config),
      },
      log,
    );
    stops.push(devServer.stop);
    ({ address, uiUrl } = devServer);
  }

  const clientConnection = await Connection.connect({ address });
  stops.push(() => clientConnection.close());
  await registerSearchAttributes(clientConnection, config.TEMPORAL_NAMESPACE);

  // PEYGIR_ROLE: `all` runs both here; `worker` / `api` processes scale independently against one cluster.
  const metrics = createMetrics();
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const temporal = { client, taskQueue: config.TEMPORAL_TASK_QUEUE };
  const worker = config.PEYGIR_ROLE === 'api' ? undefined : await startWorker(config, log, address, { sequences, store, metrics, temporal }, dataConverter, stops);
  const lifecycleClock = await ensureLifecycleSchedule(client, config.TEMPORAL_TASK_QUEUE);
  if (lifecycleClock === 'unsupported') log.warn('this Temporal server has no Schedules: lifecycle stages change with events only, not with time');
  else log.info(`lifecycle clock schedule: ${lifecycleClock}`);
  if (config.PEYGIR_ROLE !== 'worker') {
    const api = await buildApi(
      {
        client,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        sequences,
        frequencyCaps: config.FREQUENCY_CAPS,
        links: linkSettingsFromConfig(config),
        metrics,
        store,
        // An API-only process has no worker of its own: /readyz reports the pollers Temporal sees instead.
        ...(worker && { workerRunning: () => worker.getState() === 'RUNNING' }),
        settings: apiSettingsFromConfig(config, uiUrl),
      },
      log,
    );
    stops.push(() => api.close());
    await api.listen({ port: config.PORT, host: config.HOST });
  } else {
    // No API here to show what this worker's workflows count: it serves its own /metrics, /healthz, /readyz.
    const server = await buildWorkerServer(
      { client, taskQueue: config.TEMPORAL_TASK_QUEUE, metrics, store, workerRunning: () => worker?.getState() === 'RUNNING' },
      log,
    );
    stops.push(() => server.close());
    await server.listen({ port: config.WORKER_METRICS_PORT, host: config.HOST });
  }

  // Silence and date sequences reach the customers already known (once per version: src/rollout/).
  await rolloutOnReload(sequences, temporal, log);
  log.info(startedMessage(config, { address, uiUrl }));
}

/** A worker polling the task queue: workflows (prebundled when WORKFLOW_BUNDLE is set) and activities. */
async function startWorker(
  config: Config,
  log: Logger,
  address: string,
  { sequences, store, metrics, temporal }: { sequences: SequenceRegistry; store: Store; metrics: Metrics; temporal: { client: Client; taskQueue: string } },
  dataConverter: DataConverter,
  stops: Stop[],
): Promise<Worker> {
  const deps = { ...workerDepsFromConfig(config, sequences, store, log, metrics), watchContact: contactWatcher(temporal) };
  stops.push(() => deps.mailer.close());
  const workerConnection = await NativeConnection.connect({ address });
  stops.push(() => workerConnection.close());
  const worker = await createPeygirWorker({
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps,
    dataConverter,
    workflowBundle: config.WORKFLOW_BUNDLE ? { codePath: config.WORKFLOW_BUNDLE } : undefined,
  });
  const workerRun = worker.run();
  stops.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
  });
  return worker;
}

/** The API's codec endpoint as the browser showing the dev server's Web UI reaches it. */
function codecEndpoint(config: Config): string {
  const host = ['127.0.0.1', '0.0.0.0', '::', '::1'].includes(config.HOST) ? 'localhost' : config.HOST;
  return `http://${host}:${config.PORT}/codec`;
}

async function stopAll(stops: Stop[], log: Logger): Promise<void> {
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      log.warn({ err: error }, 'error while stopping');
    }
  }
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL, { logPii: config.LOG_PII });
const stops: Stop[] = [];
let stopping = false;
const shutdown = async (reason: string, exitCode: number): Promise<void> => {
  if (stopping) return;
  stopping = true;
  log.info(`${reason}: shutting down`);
  // Whatever hangs (an activity that ignores cancellation, an unreachable Temporal), the process goes
  // within seconds; its exit handler kills the dev server.
  setTimeout(() => {
    log.error(`still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting anyway`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  await stopAll(stops, log);
  log.info('stopped');
  process.exit(exitCode);
};
// `on`, not `once`: Ctrl-C in a terminal reaches Peygir twice (from the terminal and passed on by npm),
// and a second signal must not kill the process halfway through stopping.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal, 0));
main(config, log, stops).catch((error: unknown) => {
  log.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  void shutdown('start failed', 1);
});
