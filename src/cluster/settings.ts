import { resolve } from 'node:path';
import { z } from 'zod';
import type { ClusterSettings } from './cluster.js';

const port = z.coerce.number().int().min(1).max(65_535);

/** What `npm run cluster` reads from the environment; a bad value stops it with a message that names the variable. */
const settingsSchema = z.object({
  /** Where the cluster keeps its PostgreSQL data and its configuration. */
  PEYGIR_CLUSTER_DIR: z.string().default('.data/cluster'),
  /** The frontend's gRPC port: Peygir's TEMPORAL_ADDRESS is 127.0.0.1:<this>. */
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** The cluster's PostgreSQL (Temporal's databases and Peygir's store, database `peygir`). */
  CLUSTER_POSTGRES_PORT: port.default(55432),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** A Peygir API's /codec, for the Web UI to show payloads decrypted. */
  TEMPORAL_CODEC_ENDPOINT: z.url({ protocol: /^https?$/ }).default('http://localhost:3000/codec'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export function clusterSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterSettings & { logLevel: string } {
  const parsed = settingsSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const settings = parsed.data;
  return {
    folder: resolve(settings.PEYGIR_CLUSTER_DIR),
    frontendPort: settings.TEMPORAL_PORT,
    uiPort: settings.TEMPORAL_UI_PORT,
    postgresPort: settings.CLUSTER_POSTGRES_PORT,
    namespace: settings.TEMPORAL_NAMESPACE,
    codecEndpoint: settings.TEMPORAL_CODEC_ENDPOINT,
    logLevel: settings.LOG_LEVEL,
  };
}
