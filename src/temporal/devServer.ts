import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Logger } from '../logger.js';
import { locateTemporalCli } from './cli.js';
import { devServerDatabase, forgetDevServer, recordDevServer, stopOrphanedDevServer } from './devServerPidFile.js';
import { assertPortFree, pipeLines, stopChild, waitForFrontend } from './serverProcess.js';

export interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  cliPath?: string | undefined;
  /** Where the Web UI sends payloads to be decrypted for display (the API's `/codec`). */
  uiCodecEndpoint?: string | undefined;
}

export interface RunningDevServer {
  address: string;
  /** The server process (for its CPU and memory in benchmarks). */
  pid: number;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Runs `temporal server start-dev` (SQLite in dataDir, so runs survive a restart; Web UI on uiPort)
 * and waits until its frontend answers.
 */
export async function startDevServer(options: DevServerOptions, log: Logger): Promise<RunningDevServer> {
  await stopOrphanedDevServer(options.dataDir, log);
  await Promise.all([assertPortFree(options.port, 'TEMPORAL_DEV_PORT'), assertPortFree(options.uiPort, 'TEMPORAL_UI_PORT')]);
  const cli = await locateTemporalCli(log, options.cliPath);
  mkdirSync(options.dataDir, { recursive: true });
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--db-filename', devServerDatabase(options.dataDir),
    // Write-ahead log with normal sync: several times the throughput of the default, still durable
    // across a crash of the process (a power cut may lose the last transactions).
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    '--namespace', options.namespace,
    '--log-level', 'warn',
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
  // Its own process group: Ctrl-C reaches only Peygir, which stops the worker first and the server last.
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid ?? 0;
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    forgetDevServer(options.dataDir, pid);
  };
  process.once('exit', killOnExit);
  if (pid) recordDevServer(options.dataDir, pid);
  child.once('exit', () => {
    process.off('exit', killOnExit);
    forgetDevServer(options.dataDir, pid);
  });
  const serverLog = log.child({ component: 'temporal-dev-server' });
  let stopping = false;
  pipeLines(child.stdout, (line) => serverLog.info(line));
  // Its warnings while shutting down (pollers losing their connection) are expected: debug only.
  pipeLines(child.stderr, (line) => (stopping ? serverLog.debug(line) : serverLog.warn(line)));
  const exited = new Promise<never>((_, fail) =>
    child.once('exit', (code) => fail(new Error(`temporal server start-dev exited early (code ${code}); is port ${options.port} or ${options.uiPort} in use?`))),
  );
  await Promise.race([waitForFrontend(address), exited]);
  exited.catch(() => undefined); // from here on, an exit is a stop, not a failed start
  return {
    address,
    pid,
    uiUrl: `http://localhost:${options.uiPort}`,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}
