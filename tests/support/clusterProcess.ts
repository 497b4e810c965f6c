import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { startProcess, type PeygirProcess } from './peygirProcess.js';

export interface ClusterProcess {
  /** TEMPORAL_ADDRESS of the cluster (namespace `default`). */
  address: string;
  /** The `peygir` database on the cluster's PostgreSQL. */
  databaseUrl: string;
  /** PEYGIR_CLUSTER_DIR: its data, configuration and cluster.pid. */
  folder: string;
  process: PeygirProcess;
  /** SIGTERM, as Ctrl-C would; resolves with the command's exit code; the folder is removed. */
  stop(): Promise<number | null>;
}

/** `npm run cluster` as its own process, in a temp folder, on free ports (its binaries are built by globalSetup). */
export async function startClusterProcess(options: { uiPort?: number | undefined; codecEndpoint?: string | undefined } = {}): Promise<ClusterProcess> {
  const folder = mkdtempSync(join(tmpdir(), 'peygir-cluster-'));
  chmodSync(folder, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
  const frontend = await freePort();
  const env = {
    PEYGIR_CLUSTER_DIR: folder,
    TEMPORAL_PORT: String(frontend),
    TEMPORAL_UI_PORT: String(options.uiPort ?? (await freePort())),
    CLUSTER_POSTGRES_PORT: String(await freePort()),
    ...(options.codecEndpoint ? { TEMPORAL_CODEC_ENDPOINT: options.codecEndpoint } : {}),
    CI: 'true',
  };
  const started = await startProcess('src/cluster/main.ts', env, 'Temporal cluster is up', 120_000).catch((error: unknown) => {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  });
  return {
    address: `127.0.0.1:${frontend}`,
    databaseUrl: /DATABASE_URL=(\S+)/.exec(started.output.join(''))?.[1] ?? '',
    folder,
    process: started,
    async stop() {
      try {
        return await started.stop('SIGTERM');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
