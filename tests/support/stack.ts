import { Client } from '@temporalio/client';
import { sequenceTriggerKey } from '../../workflows/lifecycleTriggers.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Logger } from '../../src/logger.js';
import { inject } from 'vitest';
import { createMailer } from '../../activities/channels/email/mailer.js';
import { createKavenegarClient } from '../../activities/channels/kavenegar/client.js';
import { startClusterProcess } from './clusterProcess.js';
import { freePort } from './freePort.js';
import { API_KEY as KAVENEGAR_TEST_KEY } from './kavenegarServer.js';
import type { LinkSettings } from '../../src/security/links.js';
import type { ApiDeps } from '../../src/api/app.js';
import { buildApi } from '../../src/api/server.js';
import { apiSettingsFromConfig, type ApiSettings } from '../../src/api/settings.js';
import { loadConfig } from '../../src/config.js';
import { createMetrics, type Metrics } from '../../src/metrics/registry.js';
import type { SequenceDefinition } from '../../src/dsl/definition.js';
import type { FrequencyCaps } from '../../src/dsl/frequencyCaps.js';
import { SequenceRegistry } from '../../src/dsl/registry.js';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes.js';
import { payloadKeyring } from '../../src/security/payloadKeys.js';
import { EncryptionCodec } from '../../src/temporal/payloadCodec.js';
import type { Store } from '../../src/store/store.js';
import { createPeygirWorker } from '../../src/worker/worker.js';
import { lazyTestStore } from './testStore.js';
import { contactWatcher } from '../../src/rollout/rollouts.js';
import { isSelfTriggered } from '../../workflows/watches/triggers.js';
import { unreachableTemporal } from './unreachableTemporal.js';

export interface TestStack {
  env: TestWorkflowEnvironment;
  setup: WorkerSetup;
  api: FastifyInstance;
  sequences: SequenceRegistry;
  taskQueue: string;
  metrics: Metrics;
  /** The API's customer store (a fresh PostgreSQL database when the run has the server, else PGlite). */
  store: Store;
  /** Stops the worker (as a crash or deploy would) and starts a fresh one on the same task queue. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Link signing as tests configure it. */
export const testLinks: LinkSettings = { secret: 'test-secret-0123456789', publicBaseUrl: 'https://peygir.test' };
export const testWebhookSecret = 'test-webhook-secret-0123';
/** PAYLOAD_KEYS of every test stack (a worker process joining one sets the same). */
export const testPayloadKeys = `test-1:${Buffer.alloc(32, 7).toString('base64')}`;
export const testPayloadCodec = new EncryptionCodec(payloadKeyring(loadConfig({ PAYLOAD_KEYS: testPayloadKeys }).PAYLOAD_KEYS));
export const testDataConverter = { payloadCodecs: [testPayloadCodec] };

export interface TestStackOptions {
  smtpUrl: string;
  /** Catch email as .eml files here instead of sending to smtpUrl (the local outbox of `npm start` without SMTP_URL). */
  outboxDir?: string;
  /** The API's and the worker's log (default silent). */
  log?: Logger;
  /** Load sequences from this folder (default `sequences/`) … */
  sequencesDir?: string;
  /** … or use these compiled definitions (a test may change the array to "edit" a sequence). */
  definitions?: SequenceDefinition[];
  /** Base URL of a Kavenegar-speaking HTTP server (tests/support/kavenegarServer.ts); unset → no SMS. */
  kavenegarUrl?: string;
  /** Where opened call tasks are pushed. */
  crmWebhookUrl?: string;
  /** Frequency caps across sequences (none unless a test sets them). */
  frequencyCaps?: FrequencyCaps;
  /** false: no worker in this process (a test runs one as a child process it can kill: workerProcess.ts). */
  inProcessWorker?: boolean;
  /**
   * `time-skipping` (default): the Java test server; `dev`: the Temporal CLI dev server, which has visibility (list queries) but
   * real time; `cluster`: `npm run cluster` (Temporal Server on PostgreSQL, tests/support/clusterProcess.ts), real time too.
   */
  server?: 'time-skipping' | 'dev' | 'cluster';
  /** With `server: 'dev'` or `'cluster'`: also serve the Temporal Web UI on this port; the API then listens too, for the UI's codec requests. */
  uiPort?: number;
  /** With `server: 'dev'`: keep the server's SQLite database in this file (default: in memory). */
  dbFilename?: string;
  /** API settings (auth, rate limit); default: what an empty environment configures (an open API). */
  apiSettings?: ApiSettings;
  /**
   * The worker's workflow cache. Default none: every task replays (a determinism check) and a restarted
   * worker gets tasks at once, as the Java test server never hands a dead worker's sticky tasks on.
   * The dev server does (after stickyQueueScheduleToStartTimeout), so tests on it may cache as production does.
   */
  workerTuning?: { maxCachedWorkflows: number; stickyQueueScheduleToStartTimeout?: string };
}

/**
 * The API's dependencies as tests use them: the given Temporal client and sequences, the test link
 * secret, fresh metrics, a store of its own (opened on first use), a worker taken as running, and settings
 * from an empty environment (open API).
 */
export function apiDeps(deps: Pick<ApiDeps, 'client' | 'taskQueue' | 'sequences' | 'links'> & Partial<ApiDeps>): ApiDeps {
  return { metrics: createMetrics(), store: lazyTestStore(), workerRunning: () => true, settings: apiSettingsFromConfig(loadConfig({})), ...deps };
}

/**
 * The API with nothing on Temporal's port: whatever gets past the API's own checks is answered
 * 503 "retry later", so a test sees which refusals are the API's. `close` closes both.
 */
export async function apiWithoutTemporal(settings?: ApiSettings): Promise<{ api: FastifyInstance; close: () => Promise<void> }> {
  const connection = unreachableTemporal();
  const deps = { client: new Client({ connection }), taskQueue: 'unused', sequences: new SequenceRegistry('sequences'), links: testLinks, ...(settings ? { settings } : {}) };
  const api = await buildApi(apiDeps(deps), silentLog);
  return {
    api,
    close: async () => {
      await api.close();
      await connection.close();
    },
  };
}

/** Everything a worker needs to join a test stack, also from another process (JSON-serialisable). */
export interface WorkerSetup {
  address: string;
  namespace: string;
  taskQueue: string;
  bundlePath: string;
  options: TestStackOptions;
  /** The PostgreSQL store a worker in another process shares with the API; absent: a PGlite in memory of its own. */
  databaseUrl?: string;
}

/**
 * The real thing, small: the Java time-skipping test server (or the dev server), a Peygir worker on a fresh task
 * queue with real activities sending to `smtpUrl`, and the Fastify API (use `api.inject`).
 * The worker polls from start to close.
 */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  // The Web UI decrypts payloads through the API's /codec, as with `npm start`.
  const codecPort = options.uiPort ? await freePort() : undefined;
  // `npm run cluster`, its Web UI decrypting through this stack's API (the `default` namespace; stopped on close).
  const cluster = options.server === 'cluster' ? await startClusterProcess({ uiPort: options.uiPort, codecEndpoint: codecPort ? `http://127.0.0.1:${codecPort}/codec` : undefined }) : undefined;
  const env = cluster
    ? await TestWorkflowEnvironment.createFromExistingServer({ address: cluster.address, client: { dataConverter: testDataConverter } })
    : options.server === 'dev'
      ? await TestWorkflowEnvironment.createLocal({
          server: {
            executable: { type: 'existing-path', path: inject('temporalCliPath') },
            ...(options.uiPort ? { ui: true, uiPort: options.uiPort, extraArgs: ['--ui-codec-endpoint', `http://127.0.0.1:${codecPort}/codec`] } : {}),
            ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
          },
          client: { dataConverter: testDataConverter },
        })
      : await TestWorkflowEnvironment.createTimeSkipping({
          server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
          client: { dataConverter: testDataConverter },
        });
  const setup: WorkerSetup = {
    address: env.address,
    namespace: env.namespace ?? 'default',
    taskQueue: `test-${Math.random().toString(36).slice(2)}`,
    bundlePath: inject('workflowBundlePath'),
    options,
  };
  await registerSearchAttributes(env.connection, setup.namespace);
  const sequences = options.definitions ? new FixedSequences(options.definitions) : new SequenceRegistry(options.sequencesDir ?? 'sequences');
  if (!options.definitions) await sequences.reload();
  const metrics = createMetrics(); // one registry for the API and the in-process worker, as in `npm start`
  const store = lazyTestStore(); // and one store: the API records events in it, the worker's sends read consent from it
  const startWorker = async (): Promise<TestWorker | undefined> =>
    options.inProcessWorker === false ? undefined : startTestWorker(env.nativeConnection, setup, store, sequences, metrics, env.client);
  let current = await startWorker();
  const deps = apiDeps({
    metrics,
    store,
    client: env.client,
    taskQueue: setup.taskQueue,
    sequences,
    frequencyCaps: options.frequencyCaps ?? {},
    links: testLinks,
    workerRunning: () => current?.worker.getState() === 'RUNNING',
    ...(options.apiSettings ? { settings: options.apiSettings } : {}),
    ...(!options.apiSettings && options.uiPort ? { settings: apiSettingsFromConfig(loadConfig({ TEMPORAL_UI_URL: `http://127.0.0.1:${options.uiPort}` })) } : {}),
  });
  const api = await buildApi(deps, options.log ?? silentLog);
  if (codecPort) await api.listen({ port: codecPort, host: '127.0.0.1' });
  return {
    env,
    setup,
    api,
    sequences,
    taskQueue: setup.taskQueue,
    metrics: deps.metrics,
    store: deps.store,
    async restartWorker() {
      await current?.stop();
      current = await startWorker();
    },
    async close() {
      await api.close();
      await deps.store.close();
      await current?.stop();
      await env.teardown();
      await cluster?.stop();
    },
  };
}

export interface TestWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** A Peygir worker with real activities as the stack's options say, its sends reading consent from `store`, polling until stopped. */
export async function startTestWorker(
  connection: NativeConnection,
  setup: WorkerSetup,
  store: Store,
  sequences?: SequenceRegistry,
  metrics?: Metrics,
  client?: Client,
): Promise<TestWorker> {
  const { options } = setup;
  const log = options.log ?? silentLog;
  const mailer = createMailer(options.outboxDir ? { outboxDir: options.outboxDir } : { smtpUrl: options.smtpUrl, outboxDir: '' }, log);
  const registry = sequences ?? new SequenceRegistry(options.sequencesDir ?? 'sequences');
  if (!sequences && !options.definitions) await registry.reload();
  const worker = await createPeygirWorker({
    connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    deps: {
      mailer,
      mailFrom: 'Peygir <noreply@peygir.test>',
      sequences: options.definitions ? new FixedSequences(options.definitions) : registry,
      log,
      store,
      links: testLinks,
      webhookSecret: testWebhookSecret,
      ...(metrics ? { metrics } : {}),
      sms: options.kavenegarUrl ? createKavenegarClient({ apiKey: KAVENEGAR_TEST_KEY, baseUrl: options.kavenegarUrl, timeoutMs: 2_000 }) : undefined,
      crmWebhookUrl: options.crmWebhookUrl,
      frequencyCaps: options.frequencyCaps ?? {},
      ...(client && { watchContact: contactWatcher({ client, taskQueue: setup.taskQueue }) }),
    },
    dataConverter: testDataConverter,
    workflowBundle: { codePath: setup.bundlePath },
    tuning: options.workerTuning ?? { maxCachedWorkflows: 0 },
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      mailer.close();
    },
  };
}

/** A stack's given definitions: the API sends what they trigger with each event, the worker's activity answers the same (a test may edit the array). */
class FixedSequences extends SequenceRegistry {
  constructor(private readonly definitions: SequenceDefinition[]) {
    super('sequences');
  }

  override triggeredBy(key: string): SequenceDefinition[] {
    return this.definitions.filter((definition) => sequenceTriggerKey(definition.trigger) === key && !isSelfTriggered(definition));
  }

  override selfTriggered(): SequenceDefinition[] {
    return this.definitions.filter(isSelfTriggered);
  }
}
