import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { apiSettingsFromConfig } from '../../src/api/settings.js';
import { loadConfig } from '../../src/config.js';
import { SequenceRegistry } from '../../src/dsl/registry.js';
import { createStore, type Store } from '../../src/store/store.js';
import { apiDeps, silentLog, testDataConverter, testLinks, type WorkerSetup } from '../support/stack.js';
import { crash, spawnWorkerProcess } from '../support/workerProcess.js';
import type { FaultServers } from './servers.js';

interface RunningApi {
  api: FastifyInstance;
  store: Store;
}

/**
 * The fault run's Peygir, in pieces that can each be killed or restarted: the servers it runs on
 * (servers.ts: a Temporal server and the PostgreSQL of the customer store), `workers` worker child
 * processes (kill -9) and `apiPorts.length` APIs in this process, each on a fixed port with a store
 * connection of its own (closed and built again). Workers and APIs share the store on the servers'
 * PostgreSQL, so a send checks the consent an API recorded.
 */
export class FaultCluster {
  private connection?: Connection;
  client?: Client;
  private readonly workers: (ChildProcess | undefined)[];
  private readonly apis: (RunningApi | undefined)[];
  /** Without PostgreSQL: one store in memory for the APIs, across their restarts. */
  private memoryStore?: Promise<Store>;
  /** Serialises kills, restarts and respawns: one fault at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private turns = { api: 0, kill: 0, restart: 0 };

  constructor(
    readonly servers: FaultServers,
    readonly setup: Omit<WorkerSetup, 'address' | 'namespace' | 'databaseUrl'>,
    private readonly apiPorts: number[],
    workers: number,
    private readonly sequencesDir: string,
    private readonly log: (line: string) => void = () => undefined,
    /** The workers' workflow cache (0: replay every task, as the other tests do). */
    private readonly cachedWorkflows = 0,
  ) {
    this.workers = Array.from({ length: workers }, () => undefined);
    this.apis = apiPorts.map(() => undefined);
  }

  get workerPids(): number[] {
    return this.workers.flatMap((worker) => (worker?.pid ? [worker.pid] : []));
  }

  /** The next API's base URL, in turn (as a load balancer in front of them would). */
  apiUrl(): string {
    return `http://127.0.0.1:${this.apiPorts[this.turns.api++ % this.apiPorts.length] ?? 0}`;
  }

  async start(): Promise<void> {
    this.connection = await Connection.connect({ address: this.servers.address });
    this.client = new Client({ connection: this.connection, namespace: this.servers.namespace, dataConverter: testDataConverter });
    for (const slot of this.workers.keys()) await this.startWorker(slot);
    for (const slot of this.apis.keys()) await this.startApi(slot);
  }

  private async startWorker(slot: number): Promise<void> {
    const { address, namespace, databaseUrl } = this.servers;
    const worker = await spawnWorkerProcess({ ...this.setup, address, namespace, ...(databaseUrl ? { databaseUrl } : {}) }, { cachedWorkflows: this.cachedWorkflows });
    this.workers[slot] = worker;
    this.log(`worker ${worker.pid} polling`);
    worker.once('exit', (code, signal) => this.log(`worker ${worker.pid} exited (${signal ?? code})`));
  }

  private async startApi(slot: number): Promise<void> {
    const sequences = new SequenceRegistry(this.sequencesDir);
    await sequences.reload();
    const settings = apiSettingsFromConfig(loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }));
    const { databaseUrl } = this.servers;
    const store = databaseUrl ? await createStore({ databaseUrl }, { secret: testLinks.secret }) : await (this.memoryStore ??= createStore({}));
    const client = this.client as Client;
    const api = await buildApi(apiDeps({ client, taskQueue: this.setup.taskQueue, sequences, links: testLinks, settings, store }), silentLog);
    await api.listen({ port: this.apiPorts[slot] ?? 0, host: '127.0.0.1' });
    this.apis[slot] = { api, store };
  }

  private async stopApi(slot: number): Promise<void> {
    const running = this.apis[slot];
    await running?.api.close();
    if (this.servers.databaseUrl) await running?.store.close();
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** kill -9 one worker (each in turn), then start a new one (as a supervisor would). Resolves once the new one polls. */
  killWorker(): Promise<void> {
    return this.serial(async () => {
      const slot = this.turns.kill++ % this.workers.length;
      const worker = this.workers[slot];
      if (worker) await crash(worker);
      await this.startWorker(slot);
    });
  }

  /**
   * Kills at once, without waiting for anything queued (from inside a provider's answer), the worker
   * running `activityType` for `workflowId` (Temporal knows it as `<pid>@<host>`), or every worker
   * when Temporal cannot tell. Answers the pids it killed.
   */
  async killWorkerRunning(workflowId: string, activityType: string): Promise<number[]> {
    const pid = await this.runningWorkerPid(workflowId, activityType);
    const alive = this.workers.filter((worker): worker is ChildProcess => worker !== undefined);
    const running = alive.filter((worker) => worker.pid === pid);
    const victims = running.length ? running : alive;
    await Promise.all(victims.map(crash));
    return victims.flatMap((worker) => (worker.pid ? [worker.pid] : []));
  }

  private async runningWorkerPid(workflowId: string, activityType: string): Promise<number | undefined> {
    if (this.workers.length === 1) return this.workers[0]?.pid;
    const client = this.client as Client;
    const description = await client.withDeadline(Date.now() + 3_000, () => client.workflow.getHandle(workflowId).describe()).catch(() => undefined);
    const identity = description?.raw.pendingActivities?.find((activity) => activity.activityType?.name === activityType)?.lastWorkerIdentity;
    const pid = Number(identity?.split('@')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /** Starts a worker in every slot whose worker is dead (after killWorkerRunning). */
  respawnWorkers(): Promise<void> {
    return this.serial(async () => {
      for (const [slot, worker] of this.workers.entries()) {
        if (worker && worker.exitCode === null && worker.signalCode === null) continue;
        await this.startWorker(slot);
      }
    });
  }

  /** Closes one API (each in turn: requests in flight finish, new connections are refused, its store connections close) and builds it again on the same port. */
  restartApi(): Promise<void> {
    return this.serial(async () => {
      const slot = this.turns.restart++ % this.apis.length;
      await this.stopApi(slot);
      await this.startApi(slot);
    });
  }

  /** Restarts the Temporal server on the same ports and data; the workers are not restarted (their connections come back by themselves). */
  restartTemporal(): Promise<{ downMs: number }> {
    return this.serial(async () => {
      const stoppedAt = Date.now();
      await this.servers.restartTemporal();
      return { downMs: Date.now() - stoppedAt };
    });
  }

  /** Restarts the store's PostgreSQL, down for at least `pauseMs`; nothing of Peygir is restarted (pools reconnect). */
  restartPostgres(pauseMs: number): Promise<{ downMs: number }> {
    return this.serial(async () => {
      const stoppedAt = Date.now();
      await this.servers.restartPostgres(pauseMs);
      return { downMs: Date.now() - stoppedAt };
    });
  }

  async close(): Promise<void> {
    await this.queue;
    for (const slot of this.apis.keys()) await this.stopApi(slot).catch(() => undefined);
    await (await this.memoryStore)?.close();
    await Promise.all(this.workers.flatMap((worker) => (worker ? [crash(worker)] : [])));
    await this.connection?.close().catch(() => undefined);
    await this.servers.stop();
  }
}
