import { join } from 'node:path';
import type { Config } from './config.js';

/**
 * The line that says Peygir is up, with where to go next: the API and its docs page, the Temporal UI,
 * and where emails land when no SMTP server is configured.
 */
export function startedMessage(config: Config, temporal: { address: string; uiUrl?: string | undefined }): string {
  const api = `http://${config.HOST}:${config.PORT}`;
  const runsWorker = config.PEYGIR_ROLE !== 'api';
  const parts = [
    config.PEYGIR_ROLE !== 'worker' && `API ${api} (docs ${api}/docs)`,
    runsWorker && `worker on task queue ${config.TEMPORAL_TASK_QUEUE}`,
    config.PEYGIR_ROLE === 'worker' && `metrics http://${config.HOST}:${config.WORKER_METRICS_PORT}/metrics`,
    temporal.uiUrl ? `Temporal UI ${temporal.uiUrl}` : `Temporal ${temporal.address}`,
    runsWorker && !config.SMTP_URL && `emails caught in ${join(config.PEYGIR_DATA_DIR, 'outbox')}/`,
  ];
  return `Peygir is up: ${parts.filter(Boolean).join(', ')}  (Ctrl-C to stop)`;
}
