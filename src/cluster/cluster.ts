import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { assertPortFree, pipeLines, stopChild, waitForFrontend } from '../temporal/serverProcess.js';
import { clusterBinaries } from './binaries.js';
import { writeServerConfig, writeUiConfig, type ClusterPorts } from './configFiles.js';
import { prepareNamespace } from './namespace.js';
import { forgetCluster, recordCluster, stopOrphanedCluster } from './pidFile.js';
import { clusterPorts } from './ports.js';
import { ensureDatabase, findPostgresBinaries, startPostgres } from './postgres.js';
import { setUpTemporalSchemas } from './schema.js';

export interface ClusterSettings {
  /** Everything the cluster keeps: postgres/ (data and log), temporal/ and ui/ (their configuration). */
  folder: string;
  frontendPort: number;
  uiPort: number;
  postgresPort: number;
  namespace: string;
  /** The Peygir API's /codec, where the Web UI has Peygir's payloads decrypted. */
  codecEndpoint: string;
}

export interface RunningCluster {
  /** TEMPORAL_ADDRESS for Peygir's processes. */
  address: string;
  uiUrl: string;
  /** The Temporal Server process (its CPU and memory in benchmarks). */
  serverPid: number;
  /** DATABASE_URL for Peygir's processes: the customer store in database `peygir` of the cluster's PostgreSQL. */
  databaseUrl: string;
  /** Stops the Temporal Server (SIGTERM) and starts it again on the same configuration and ports, as an ops restart does. */
  restartServer(): Promise<void>;
  /** Stops PostgreSQL (`fast`: every client loses its connections), waits `pauseMs`, starts it again on the same data. */
  restartPostgres(pauseMs?: number): Promise<void>;
  /** Stops the UI, the server, then PostgreSQL; nothing of the cluster runs after. */
  stop(): Promise<void>;
}

/**
 * A Temporal cluster on this machine: PostgreSQL in a folder of our own, Temporal Server on it (schemas
 * set up or upgraded with its SQL tool), Peygir's namespace and search attributes, and the Web UI.
 * The binaries are built on first use (binaries.ts). A failed start stops whatever had started.
 */
export async function startCluster(settings: ClusterSettings, log: Logger): Promise<RunningCluster> {
  const postgresBinaries = findPostgresBinaries();
  if ('missing' in postgresBinaries) throw new Error(postgresBinaries.missing);
  await assertPortFree(settings.frontendPort, 'TEMPORAL_PORT');
  await assertPortFree(settings.uiPort, 'TEMPORAL_UI_PORT');
  await assertPortFree(settings.postgresPort, 'CLUSTER_POSTGRES_PORT');
  const binaries = await clusterBinaries(log);
  await stopOrphanedCluster(settings.folder, log);
  mkdirSync(settings.folder, { recursive: true });
  const ports = await clusterPorts(settings.frontendPort, settings.uiPort, settings.postgresPort, rememberedPorts(settings.folder));
  writeFileSync(join(settings.folder, 'ports.json'), JSON.stringify(ports));
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await step();
    forgetCluster(settings.folder);
  };
  try {
    const postgres = await startPostgres({ binDir: postgresBinaries.binDir, folder: join(settings.folder, 'postgres'), port: ports.postgres });
    stops.push(() => postgres.stop('fast'));
    log.info(`PostgreSQL on 127.0.0.1:${ports.postgres}, data in ${join(settings.folder, 'postgres', 'data')}`);
    await setUpTemporalSchemas(binaries.sqlTool, ports.postgres, log);
    const databaseUrl = await ensureDatabase(postgres.url, 'peygir');

    const address = `127.0.0.1:${ports.frontend}`;
    const serverArgs = ['--allow-no-auth', ...configArgs(writeServerConfig(settings.folder, ports)), 'start'];
    const parts: { server: Part; ui?: Part } = { server: startPart(binaries.server, serverArgs, 'temporal-server', log) };
    const record = (): void => recordCluster(settings.folder, [parts.server.pid, ...(parts.ui ? [parts.ui.pid] : [])]);
    stops.push(() => parts.server.stop());
    record();
    await Promise.race([waitForFrontend(address, 120_000), parts.server.exited]);
    await prepareNamespace(address, settings.namespace, log);

    const ui = startPart(binaries.ui, [...configArgs(writeUiConfig(settings.folder, ports, settings.namespace, settings.codecEndpoint)), 'start'], 'temporal-ui', log);
    parts.ui = ui;
    stops.push(ui.stop);
    record();
    const uiUrl = `http://localhost:${ports.ui}`;
    await Promise.race([waitForPage(uiUrl), ui.exited]);
    const restartServer = async (): Promise<void> => {
      await parts.server.stop();
      parts.server = startPart(binaries.server, serverArgs, 'temporal-server', log);
      record();
      await Promise.race([waitForFrontend(address, 120_000), parts.server.exited]);
    };
    return {
      address,
      uiUrl,
      get serverPid() {
        return parts.server.pid;
      },
      databaseUrl,
      restartServer,
      restartPostgres: (pauseMs) => postgres.restart(pauseMs),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The ports of the last start on this folder (ports.json), if any. */
function rememberedPorts(folder: string): Partial<ClusterPorts> {
  try {
    return JSON.parse(readFileSync(join(folder, 'ports.json'), 'utf8')) as Partial<ClusterPorts>;
  } catch {
    return {};
  }
}

const configArgs = ({ root, config, env }: { root: string; config: string; env: string }): string[] => ['--root', root, '--config', config, '--env', env];

interface Part {
  /** Rejects if the part ends before it is stopped (await it only while starting). */
  exited: Promise<never>;
  pid: number;
  stop(): Promise<void>;
}

/** A server of the cluster in its own process group, its output in our log (debug while it stops). */
function startPart(binary: string, args: string[], component: string, log: Logger): Part {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const partLog = log.child({ component });
  const recent: string[] = [];
  let stopping = false;
  const write = (level: 'info' | 'warn') => (line: string): void => {
    recent.push(line);
    if (recent.length > 30) recent.shift();
    partLog[stopping ? 'debug' : level](line);
  };
  pipeLines(child.stdout, write('info'));
  pipeLines(child.stderr, write('warn'));
  const exited = new Promise<never>((_, fail) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      if (!stopping) fail(new Error(`${component} exited (${signal ?? code}):\n${recent.join('\n')}`));
    }),
  );
  exited.catch(() => undefined);
  return {
    exited,
    pid: child.pid ?? 0,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

async function waitForPage(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(url).then((response) => response.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`the Temporal Web UI at ${url} did not answer within 60 s`);
    await new Promise((done) => setTimeout(done, 250));
  }
}
