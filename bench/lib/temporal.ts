import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { locateTemporalCli, TEMPORAL_CLI_MODULE } from '../../src/temporal/cli.js';
import { startDevServer } from '../../src/temporal/devServer.js';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes.js';
import { payloadKeyring, parsePayloadKey, type PayloadKey } from '../../src/security/payloadKeys.js';
import { peygirDataConverter } from '../../src/temporal/dataConverter.js';
import { freePort } from '../../tests/support/freePort.js';
import { cpuSecondsOf } from './proc.js';

export const benchLog = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'error' });

/** PAYLOAD_KEYS of the bench's Peygir processes and clients: payloads are encrypted as in production. */
export const BENCH_PAYLOAD_KEYS = `bench:${Buffer.alloc(32, 1).toString('base64')}`;
const benchDataConverter = peygirDataConverter(payloadKeyring([parsePayloadKey(BENCH_PAYLOAD_KEYS) as PayloadKey]));

export interface BenchTemporal {
  address: string;
  namespace: string;
  client: Client;
  /** e.g. "Temporal CLI v1.5.1 dev server (Server 1.29.1, UI 2.42.1), SQLite" */
  version: string;
  /** CPU time the server process has used so far, in seconds. */
  serverCpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * A fresh Temporal CLI dev server for one benchmark: free ports on 127.0.0.1, SQLite in a temp folder
 * (removed at stop), Peygir's search attributes registered, and a client connected to it.
 */
export async function startBenchTemporal(): Promise<BenchTemporal> {
  const cliPath = await locateTemporalCli(benchLog, process.env.TEMPORAL_CLI);
  const dataDir = mkdtempSync(join(tmpdir(), 'peygir-bench-'));
  const namespace = 'default';
  const server = await startDevServer({ dataDir, port: await freePort(), uiPort: await freePort(), namespace, cliPath }, benchLog);
  const connection = await Connection.connect({ address: server.address });
  await registerSearchAttributes(connection, namespace);
  return {
    address: server.address,
    namespace,
    client: new Client({ connection, namespace, dataConverter: benchDataConverter }),
    version: describeCli(cliPath),
    serverCpuSeconds: () => cpuSecondsOf(server.pid),
    async stop() {
      await connection.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `go install` builds report version 0.0.0-DEV: name the module version we build instead. */
function describeCli(cliPath: string): string {
  const banner = spawnSync(cliPath, ['--version'], { encoding: 'utf8' }).stdout;
  const bundled = /\(Server [^)]*\)/.exec(banner)?.[0] ?? '';
  return `Temporal CLI ${TEMPORAL_CLI_MODULE.split('@')[1]} dev server ${bundled}, SQLite`.replace(/ +/g, ' ');
}
