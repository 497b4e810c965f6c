import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry } from '@temporalio/worker';
import type { Logger } from '../logger.js';

const pinoLevel = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Routes the Temporal SDK's own logs (worker, activities, workflow `log`) into Peygir's pino stream,
 * so `npm start` prints one log. SDK chatter below WARN shows only with LOG_LEVEL=debug. With
 * `metricsPort`, the SDK's own worker metrics (task latencies, slots, polls) are served for Prometheus
 * on that port.
 */
export function installTemporalRuntime(log: Logger, metricsPort?: number): void {
  const sdkLog = log.child({ component: 'temporal-sdk' });
  const level = log.isLevelEnabled('debug') ? 'INFO' : 'WARN';
  Runtime.install({
    // Peygir's entry points own SIGINT/SIGTERM and stop the worker, API and dev server in order.
    shutdownSignals: [],
    ...(metricsPort ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${metricsPort}` } } } } : {}),
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }: LogEntry) => {
      sdkLog[pinoLevel[entryLevel]](meta ?? {}, message);
    }),
  });
}

/**
 * For a command-line tool that runs a worker (`peygir preview`): the SDK and its core say only errors,
 * on stderr, so stdout stays the command's output. Does nothing when a runtime is already installed.
 */
export function installQuietTemporalRuntime(): void {
  try {
    Runtime.install({
      shutdownSignals: [],
      logger: new DefaultLogger('ERROR', ({ message }: LogEntry) => void process.stderr.write(`temporal: ${message}\n`)),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
    });
  } catch {
    // Installed already (tests install theirs): keep it.
  }
}
