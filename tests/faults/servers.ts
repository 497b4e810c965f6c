import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { startCluster } from '../../src/cluster/cluster.js';
import { startDevServer, type RunningDevServer } from '../../src/temporal/devServer.js';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes.js';
import { freePort } from '../support/freePort.js';
import { findPostgresBinaries, startPostgresServer, type PostgresServer } from '../support/postgresServer.js';
import { silentLog } from '../support/stack.js';

/**
 * What the fault run's Peygir runs on, each part restartable: a Temporal server and the PostgreSQL the
 * worker and API processes share as their customer store.
 */
export interface FaultServers {
  /** How the timeline names the Temporal server ("dev server", "Temporal Server"). */
  temporalName: string;
  address: string;
  namespace: string;
  /** DATABASE_URL of the shared store; undefined without PostgreSQL on the machine (each process then keeps its own in memory). */
  databaseUrl: string | undefined;
  /** What the PostgreSQL holds, for the timeline. */
  postgresHolds: string;
  /** Why there is no PostgreSQL to restart ('' when there is). */
  postgresMissing: string;
  /** Stops the Temporal server and starts it again on the same ports and data; resolves once it answers. */
  restartTemporal(): Promise<void>;
  /** Stops PostgreSQL, keeps it down `pauseMs`, starts it again on the same port and data. */
  restartPostgres(pauseMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** The Temporal CLI dev server (SQLite in `folder`) and a throwaway PostgreSQL server of the run's own. */
export async function devServers(folder: string, cliPath: string): Promise<FaultServers> {
  const options = { dataDir: join(folder, 'temporal'), port: await freePort(), uiPort: await freePort(), namespace: 'default', cliPath };
  const address = `127.0.0.1:${options.port}`;
  const startTemporal = async (): Promise<RunningDevServer> => {
    const server = await startDevServer(options, silentLog);
    const connection = await Connection.connect({ address });
    await registerSearchAttributes(connection, options.namespace).finally(() => connection.close()); // safe to repeat after a restart
    return server;
  };
  const binaries = findPostgresBinaries();
  const postgres: PostgresServer | undefined = 'binDir' in binaries ? await startPostgresServer(binaries.binDir) : undefined;
  let temporal = await startTemporal().catch(async (error: unknown) => {
    await postgres?.stop();
    throw error;
  });
  return {
    temporalName: 'dev server',
    address,
    namespace: options.namespace,
    databaseUrl: postgres?.url,
    postgresHolds: 'the customer store',
    postgresMissing: 'missing' in binaries ? binaries.missing : '',
    async restartTemporal() {
      await temporal.stop();
      temporal = await startTemporal();
    },
    restartPostgres: async (pauseMs) => postgres?.restart(pauseMs),
    async stop() {
      await temporal.stop();
      await postgres?.stop();
    },
  };
}

/** `npm run cluster`'s cluster, started in this process (src/cluster): Temporal Server on PostgreSQL, the store in that PostgreSQL too. */
export async function clusterServers(folder: string): Promise<FaultServers> {
  const clusterFolder = join(folder, 'cluster');
  mkdirSync(clusterFolder, { recursive: true });
  chmodSync(folder, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
  const settings = {
    folder: clusterFolder,
    frontendPort: await freePort(),
    uiPort: await freePort(),
    postgresPort: await freePort(),
    namespace: 'default',
    codecEndpoint: 'http://127.0.0.1:9/codec',
  };
  const cluster = await startCluster(settings, silentLog);
  return {
    temporalName: 'Temporal Server',
    address: cluster.address,
    namespace: settings.namespace,
    databaseUrl: cluster.databaseUrl,
    postgresHolds: 'the customer store and the Temporal Server’s databases',
    postgresMissing: '',
    restartTemporal: () => cluster.restartServer(),
    restartPostgres: (pauseMs) => cluster.restartPostgres(pauseMs),
    stop: () => cluster.stop(),
  };
}
