import { createLogger } from '../logger.js';
import { startCluster, type RunningCluster } from './cluster.js';
import { clusterSettingsFromEnv } from './settings.js';

/**
 * `npm run cluster`: a Temporal cluster on this machine (PostgreSQL, Temporal Server, the Web UI) for
 * Peygir's worker and API processes, until Ctrl-C or SIGTERM; then nothing of it keeps running.
 */
let settings: ReturnType<typeof clusterSettingsFromEnv>;
try {
  settings = clusterSettingsFromEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const log = createLogger(settings.logLevel);
let cluster: RunningCluster | undefined;
let stopRequested = false;
const shutdown = async (reason: string): Promise<void> => {
  if (stopRequested) return;
  stopRequested = true;
  // While starting, the start finishes (or fails) first and then stops what it started.
  if (!cluster) return log.info(`${reason}: stopping once the cluster's start ends`);
  log.info(`${reason}: stopping the cluster`);
  await cluster.stop();
  log.info('stopped');
  process.exit(0);
};
// `on`: Ctrl-C reaches the command twice (from the terminal and passed on by npm).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
try {
  const started = await startCluster(settings, log);
  if (stopRequested) {
    await started.stop();
    process.exit(0);
  }
  cluster = started;
  // Plain lines, not the log: the log hides anything that looks like an email address, as user@host does.
  console.log(
    [
      `Temporal cluster is up (Ctrl-C to stop). For Peygir's worker and API processes:`,
      `  TEMPORAL_ADDRESS=${started.address}`,
      `  TEMPORAL_NAMESPACE=${settings.namespace}`,
      `  DATABASE_URL=${started.databaseUrl}`,
      `Web UI ${started.uiUrl}; data in ${settings.folder}`,
    ].join('\n'),
  );
} catch (error) {
  log.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
}
