import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { TEMPORAL_SERVER_VERSION } from '../../src/cluster/binaries.js';
import { HISTORY_SHARDS } from '../../src/cluster/configFiles.js';
import { startCluster } from '../../src/cluster/cluster.js';
import { ensureDatabase, findPostgresBinaries, startPostgres } from '../../src/cluster/postgres.js';
import { locateTemporalCli, TEMPORAL_CLI_MODULE } from '../../src/temporal/cli.js';
import { startDevServer } from '../../src/temporal/devServer.js';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes.js';
import { payloadKeyring, parsePayloadKey, type PayloadKey } from '../../src/security/payloadKeys.js';
import { peygirDataConverter } from '../../src/temporal/dataConverter.js';
import { freePort } from '../../tests/support/freePort.js';
import { cpuSecondsOf, postgresCpuSecondsOf } from './proc.js';

export const benchLog = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'error' });

/** PAYLOAD_KEYS of the bench's Peygir processes and clients: payloads are encrypted as in production. */
export const BENCH_PAYLOAD_KEYS = `bench:${Buffer.alloc(32, 1).toString('base64')}`;
const benchDataConverter = peygirDataConverter(payloadKeyring([parsePayloadKey(BENCH_PAYLOAD_KEYS) as PayloadKey]));

/** The Temporal servers a bench runs on, side by side: the CLI dev server (SQLite) and `npm run cluster` (PostgreSQL). */
export type ServerKind = 'dev' | 'cluster';

export interface BenchServer {
  kind: ServerKind;
  address: string;
  namespace: string;
  client: Client;
  /** e.g. "Temporal CLI 1.5.1 dev server (Server 1.29.1), SQLite" */
  version: string;
  /**
   * A PostgreSQL database for Peygir's customer store (split roles need one): on the cluster its own
   * PostgreSQL's `peygir` database, beside the dev server a throwaway PostgreSQL of its own.
   */
  databaseUrl: string;
  /** CPU time the Temporal server process has used so far, in seconds. */
  serverCpuSeconds(): number;
  /** CPU time the PostgreSQL server has used so far (on the cluster it also serves Temporal), in seconds. */
  postgresCpuSeconds(): number;
  stop(): Promise<void>;
}

/** BENCH_SERVERS=dev,cluster (the default): which servers a bench runs on, in that order. */
export function benchServerKinds(): ServerKind[] {
  const kinds = (process.env.BENCH_SERVERS ?? 'dev,cluster').split(',').map((kind) => kind.trim());
  for (const kind of kinds) if (kind !== 'dev' && kind !== 'cluster') throw new Error(`BENCH_SERVERS: "${kind}" is neither dev nor cluster`);
  return kinds as ServerKind[];
}

/** A fresh server of that kind on free ports on 127.0.0.1, its data in a temp folder removed at stop. */
export function startBenchServer(kind: ServerKind): Promise<BenchServer> {
  return kind === 'dev' ? startBenchDevServer() : startBenchCluster();
}

/** A Temporal CLI dev server (SQLite), with a throwaway PostgreSQL beside it for the store. */
async function startBenchDevServer(): Promise<BenchServer> {
  const cliPath = await locateTemporalCli(benchLog, process.env.TEMPORAL_CLI);
  const dataDir = mkdtempSync(join(tmpdir(), 'peygir-bench-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the bench runs as root
  const namespace = 'default';
  const server = await startDevServer({ dataDir, port: await freePort(), uiPort: await freePort(), namespace, cliPath }, benchLog);
  const binaries = findPostgresBinaries();
  if ('missing' in binaries) throw new Error(binaries.missing);
  const postgresFolder = join(dataDir, 'postgres');
  const postgres = await startPostgres({ binDir: binaries.binDir, folder: postgresFolder, port: await freePort() });
  const connection = await Connection.connect({ address: server.address });
  await registerSearchAttributes(connection, namespace);
  return {
    kind: 'dev',
    address: server.address,
    namespace,
    client: new Client({ connection, namespace, dataConverter: benchDataConverter }),
    version: describeCli(cliPath),
    databaseUrl: await ensureDatabase(postgres.url, 'peygir'),
    serverCpuSeconds: () => cpuSecondsOf(server.pid),
    postgresCpuSeconds: () => postgresCpuSecondsOf(join(postgresFolder, 'data')),
    async stop() {
      await connection.close();
      await server.stop();
      await postgres.stop('immediate');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `npm run cluster`'s Temporal Server on PostgreSQL (and its Web UI), in a temp folder on free ports. */
async function startBenchCluster(): Promise<BenchServer> {
  const folder = mkdtempSync(join(tmpdir(), 'peygir-bench-cluster-'));
  chmodSync(folder, 0o755);
  const namespace = 'default';
  const settings = { folder, frontendPort: await freePort(), uiPort: await freePort(), postgresPort: await freePort(), namespace, codecEndpoint: 'http://127.0.0.1:9/codec' };
  const cluster = await startCluster(settings, benchLog);
  const connection = await Connection.connect({ address: cluster.address });
  const postgresMajor = findPostgresBinaries();
  return {
    kind: 'cluster',
    address: cluster.address,
    namespace,
    client: new Client({ connection, namespace, dataConverter: benchDataConverter }),
    version: `Temporal Server ${TEMPORAL_SERVER_VERSION.slice(1)} (${HISTORY_SHARDS} history shards), PostgreSQL ${'binDir' in postgresMajor ? postgresMajor.binDir.split('/').at(-2) : ''}`,
    databaseUrl: cluster.databaseUrl,
    serverCpuSeconds: () => cpuSecondsOf(cluster.serverPid),
    postgresCpuSeconds: () => postgresCpuSecondsOf(join(folder, 'postgres', 'data')),
    async stop() {
      await connection.close();
      await cluster.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** `go install` builds report version 0.0.0-DEV: name the module version we build instead. */
function describeCli(cliPath: string): string {
  const banner = spawnSync(cliPath, ['--version'], { encoding: 'utf8' }).stdout;
  const bundled = /\(Server [^)]*\)/.exec(banner)?.[0] ?? '';
  return `Temporal CLI ${TEMPORAL_CLI_MODULE.split('@')[1]} dev server ${bundled}, SQLite`.replace(/ +/g, ' ');
}
