import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { apiSettingsFromConfig } from '../../src/api/settings.js';
import { loadConfig } from '../../src/config.js';
import { SequenceRegistry } from '../../src/dsl/registry.js';
import { startDevServer, type DevServerOptions, type RunningDevServer } from '../../src/temporal/devServer.js';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes.js';
import { apiDeps, silentLog, testDataConverter, testLinks, type WorkerSetup } from '../support/stack.js';
import { crash, spawnWorkerProcess } from '../support/workerProcess.js';

/**
 * The fault run's Peygir, in pieces that can each be killed or restarted: the Temporal CLI dev server
 * (SQLite in a temp folder, the same ports and file after a restart), one worker in a child process
 * (kill -9), and the API in this process on a fixed port (closed and built again).
 */
export class FaultCluster {
  private devServer?: RunningDevServer;
  private connection?: Connection;
  client?: Client;
  private worker?: ChildProcess;
  private api?: FastifyInstance;
  /** Serialises kills, restarts and respawns: one fault at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly devOptions: DevServerOptions,
    readonly setup: Omit<WorkerSetup, 'address'>,
    private readonly apiPort: number,
    private readonly sequencesDir: string,
    private readonly log: (line: string) => void = () => undefined,
    /** The worker's workflow cache (0: replay every task, as the other tests do). */
    private readonly cachedWorkflows = 0,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.devOptions.port}`;
  }

  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  async start(): Promise<void> {
    await this.startDevServer();
    this.connection = await Connection.connect({ address: this.address });
    this.client = new Client({ connection: this.connection, namespace: this.setup.namespace, dataConverter: testDataConverter });
    await this.startWorker();
    await this.startApi();
  }

  private async startDevServer(): Promise<void> {
    this.devServer = await startDevServer(this.devOptions, silentLog);
    const connection = await Connection.connect({ address: this.address });
    try {
      await registerSearchAttributes(connection, this.setup.namespace); // safe to repeat after a restart
    } finally {
      await connection.close();
    }
  }

  private async startWorker(): Promise<void> {
    const worker = await spawnWorkerProcess({ ...this.setup, address: this.address }, { cachedWorkflows: this.cachedWorkflows });
    this.worker = worker;
    this.log(`worker ${worker.pid} polling`);
    worker.once('exit', (code, signal) => this.log(`worker ${worker.pid} exited (${signal ?? code})`));
  }

  private async startApi(): Promise<void> {
    const sequences = new SequenceRegistry(this.sequencesDir);
    await sequences.reload();
    const settings = apiSettingsFromConfig(loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }));
    const client = this.client as Client;
    this.api = await buildApi(apiDeps({ client, taskQueue: this.setup.taskQueue, sequences, links: testLinks, settings }), silentLog);
    await this.api.listen({ port: this.apiPort, host: '127.0.0.1' });
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** kill -9 the worker, then start a new one (as a supervisor would). Resolves once the new one polls. */
  killWorker(): Promise<void> {
    return this.serial(async () => {
      if (this.worker) await crash(this.worker);
      await this.startWorker();
    });
  }

  /** Kills the worker at once, without waiting for anything queued (from inside a provider's answer). */
  async killWorkerNow(): Promise<void> {
    if (this.worker) await crash(this.worker);
  }

  /** Starts a worker if the current one is dead (after killWorkerNow). */
  respawnWorker(): Promise<void> {
    return this.serial(async () => {
      if (this.worker && this.worker.exitCode === null && this.worker.signalCode === null) return;
      await this.startWorker();
    });
  }

  /** Closes the API (requests in flight finish, new connections are refused) and builds a new one on the same port. */
  restartApi(): Promise<void> {
    return this.serial(async () => {
      await this.api?.close();
      await this.startApi();
    });
  }

  /** Stops the dev server (SIGTERM) and starts it again on the same ports and SQLite file. */
  restartDevServer(): Promise<{ downMs: number }> {
    return this.serial(async () => {
      const stoppedAt = Date.now();
      await this.devServer?.stop();
      await this.startDevServer();
      return { downMs: Date.now() - stoppedAt };
    });
  }

  async close(): Promise<void> {
    await this.queue;
    await this.api?.close().catch(() => undefined);
    if (this.worker) await crash(this.worker);
    await this.connection?.close().catch(() => undefined);
    await this.devServer?.stop();
  }
}
